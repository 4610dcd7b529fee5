import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { DomainError } from '../../../domain/shared/domain-error';
import { ReadinessProbes } from '../../../domain/shared/readiness-probe';
import { Public } from '../common/public.decorator';

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probes: ReadinessProbes,
  ) {}

  /**
   * The process is up and its event loop turns. Touches nothing else: answered directly in the shape Terminus
   * gives an empty check (its executor cost this no-op route a twentieth of its CPU, measured with --profile).
   */
  @Get('live')
  @HealthCheck()
  live(): HealthCheckResult {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  /** MySQL answers a query, Redis runs a Lua script, the queue's Redis answers: 503 otherwise. */
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
          return indicator.down({ message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  }
}

/** Terminus reports failures as a 503 of its own shape; answer with the error body of API.md instead. */
function notReady(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const down = Object.entries(result.error ?? {}).map(([field, state]) => ({
    field,
    message: messageOf(state),
  }));
  return new DomainError('BUSY', `Not ready: ${down.map((d) => d.field).join(', ')} down`, down, 1000);
}

function messageOf(state: unknown): string {
  const message = (state as { message?: unknown }).message;
  return typeof message === 'string' ? message : 'down';
}
