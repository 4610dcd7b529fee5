import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Gauge, register } from 'prom-client';
import { AppConfig } from '../../config/app-config';
import { BusyError } from '../../domain/ordering/ordering.errors';
import { type CircuitState, CircuitBreakers, type Dependency } from './circuit-breakers';
import { DomainError } from '../../domain/shared/domain-error';

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

const stateGauge =
  (register.getSingleMetric('circuit_breaker_state') as Gauge<'dependency'> | undefined) ??
  new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state per dependency of the order path: 0 closed, 1 half-open, 2 open',
    labelNames: ['dependency'] as const,
    registers: [register],
  });

/** opossum breakers, one per dependency. Expected refusals (sold out, over the limit…) are not failures. */
@Injectable()
export class OpossumCircuitBreakers extends CircuitBreakers implements OnModuleDestroy {
  private readonly logger = new Logger(OpossumCircuitBreakers.name);
  private readonly breakers: Record<Dependency, CircuitBreaker<[() => Promise<unknown>], unknown>>;

  constructor(private readonly config: AppConfig) {
    super();
    const { mysqlTimeoutMs, redisTimeoutMs } = config.resilience;
    this.breakers = {
      mysql: this.create('mysql', mysqlTimeoutMs),
      redis: this.create('redis', redisTimeoutMs),
    };
  }

  private create(dependency: Dependency, timeout: number): CircuitBreaker<[() => Promise<unknown>], unknown> {
    const { resetMs, errorThresholdPercentage, volumeThreshold } = this.config.resilience;
    const breaker = new CircuitBreaker((work: () => Promise<unknown>) => work(), {
      name: dependency,
      timeout,
      resetTimeout: resetMs,
      errorThresholdPercentage,
      volumeThreshold,
      rollingCountTimeout: 10000,
      errorFilter: (error: unknown) => error instanceof DomainError && error.code !== 'BUSY',
    });
    const report = (state: CircuitState) => () => {
      stateGauge.set({ dependency }, STATE_VALUE[state]);
      if (state !== 'closed') this.logger.warn(`Circuit ${dependency} is ${state.replace('_', '-')}`);
    };
    breaker.on('open', report('open'));
    breaker.on('halfOpen', report('half_open'));
    breaker.on('close', report('closed'));
    stateGauge.set({ dependency }, 0);
    return breaker;
  }

  async run<T>(dependency: Dependency, work: () => Promise<T>): Promise<T> {
    try {
      return (await this.breakers[dependency].fire(work)) as T;
    } catch (error) {
      throw this.translate(dependency, error);
    }
  }

  private translate(dependency: Dependency, error: unknown): unknown {
    const code = (error as { code?: string }).code;
    if (code === 'EOPENBREAKER') {
      return new BusyError(
        `${dependency === 'mysql' ? 'MySQL' : 'Redis'} is failing; ordering is paused`,
        this.config.resilience.resetMs,
      );
    }
    if (code === 'ETIMEDOUT' && (error as Error).message.startsWith('Timed out')) {
      return new BusyError(`${dependency === 'mysql' ? 'MySQL' : 'Redis'} did not answer in time`);
    }
    return error;
  }

  states(): Record<Dependency, CircuitState> {
    const stateOf = (breaker: CircuitBreaker): CircuitState =>
      breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed';
    return { mysql: stateOf(this.breakers.mysql), redis: stateOf(this.breakers.redis) };
  }

  onModuleDestroy(): void {
    this.breakers.mysql.shutdown();
    this.breakers.redis.shutdown();
  }
}
