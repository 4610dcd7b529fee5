import { Controller, Get, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { DomainError } from '../../../domain/shared/domain-error';
import { NotReadyState, ReadinessProbes } from '../../../domain/shared/readiness-probe';
import { Public } from '../common/public.decorator';

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probes: ReadinessProbes,
  ) {}

  /** The process is up and its event loop turns. Touches nothing else. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * MySQL answers a query, Redis runs a Lua script, the queue's Redis answers: 503 otherwise. The answer names
   * each dependency's state, never an error message (public: it would tell anyone hosts, ports and drivers);
   * why a dependency is down goes to the log.
   */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.checkProbes();
    } catch (error) {
      throw notReady(error);
    }
  }

  private checkProbes(): Promise<HealthCheckResult> {
    return this.health.check(
      this.probes.all.map((probe) => async () => {
        const indicator = this.indicators.check(probe.name);
        try {
          await probe.check();
          return indicator.up();
        } catch (error) {
          this.logger.warn(
            `Not ready: ${probe.name} is down: ${error instanceof Error ? error.message : String(error)}`,
          );
          return indicator.down(error instanceof NotReadyState ? { state: error.message } : {});
        }
      }),
    );
  }
}

/** Terminus reports failures as a 503 of its own shape; answer with the error body of API.md instead. */
function notReady(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const down = Object.entries(result.error ?? {}).map(([field, detail]) => ({
    field,
    message: stateOf(detail),
  }));
  return new DomainError('BUSY', `Not ready: ${down.map((d) => d.field).join(', ')} down`, down, 1000);
}

/** `down`, or the state a probe vouched safe to show (NotReadyState): never a driver's error text. */
function stateOf(detail: unknown): string {
  const state = (detail as { state?: unknown }).state;
  return typeof state === 'string' ? state : 'down';
}
