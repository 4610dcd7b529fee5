import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { type AttemptOutcome, AttemptCounter } from '../../domain/ordering/attempt-counter';
import { countAttemptMetric } from '../metrics/business-metrics';
import { FLASH_SALE_REDIS, type FlashSaleRedis, isCluster } from './redis-clients';
import { StockGateKeys } from './stock-gate-keys';

const OUTCOMES: readonly AttemptOutcome[] = ['accepted', 'soldOut', 'limitExceeded', 'rateLimited', 'other'];
const FLUSH_EVERY_MS = 500;

/**
 * Counts in memory and adds the counts to a Redis hash per sale twice a second, so counting costs an attempt
 * nothing (a sold-out rejection stays free of network hops) and every instance adds to the same totals.
 */
@Injectable()
export class RedisAttemptCounter extends AttemptCounter implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisAttemptCounter.name);
  private readonly keys: StockGateKeys;
  private pending = new Map<string, Map<AttemptOutcome, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: FlashSaleRedis,
    config: AppConfig,
  ) {
    super();
    this.keys = new StockGateKeys(config.redis.keyPrefix);
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  count(saleId: string, outcome: AttemptOutcome): void {
    countAttemptMetric(outcome);
    const counts = this.pending.get(saleId) ?? new Map<AttemptOutcome, number>();
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    this.pending.set(saleId, counts);
  }

  async read(saleId: string): Promise<Record<AttemptOutcome, number>> {
    await this.flush();
    const stored = await this.redis.hgetall(this.keys.attempts(saleId));
    return Object.fromEntries(OUTCOMES.map((outcome) => [outcome, Number(stored[outcome] ?? 0)])) as Record<
      AttemptOutcome,
      number
    >;
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // A cluster pipeline must stay within one slot: one per sale there (each sale's keys share its hash tag).
    const groups = isCluster(this.redis) ? [...batch].map((entry) => [entry]) : [[...batch]];
    await Promise.all(
      groups.map(async (group) => {
        const pipeline = this.redis.pipeline();
        for (const [saleId, counts] of group) {
          for (const [outcome, n] of counts) pipeline.hincrby(this.keys.attempts(saleId), outcome, n);
        }
        try {
          await pipeline.exec();
        } catch (error) {
          this.logger.warn(`Attempt counts not stored: ${String(error)}`);
        }
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
