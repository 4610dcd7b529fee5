import { Inject, Injectable } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { Counter, register } from 'prom-client';
import { AppConfig } from '../../config/app-config';
import { type RepairRecord, type RepairRound, StockRepairLog } from '../../domain/ordering/stock-repair-log';
import { FLASH_SALE_REDIS } from './redis-clients';
import { StockGateKeys } from './stock-gate-keys';

/** Kept as long as the sale's gate is (a day after its end). */
const KEEP_SECONDS = 3 * 24 * 3600;

const repairsTotal =
  (register.getSingleMetric('flash_sale_stock_repairs_total') as Counter<'sale'> | undefined) ??
  new Counter({
    name: 'flash_sale_stock_repairs_total',
    help: 'Stranded order attempts whose units self-repair gave back, per sale',
    labelNames: ['sale'] as const,
    registers: [register],
  });

/** One hash per sale beside its gate keys (same hash tag): last run, repairs so far, what the last run found. */
@Injectable()
export class RedisStockRepairLog extends StockRepairLog {
  private readonly keys: StockGateKeys;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    super();
    this.keys = new StockGateKeys(config.redis.keyPrefix);
  }

  async record(saleId: string, round: RepairRound): Promise<void> {
    const key = this.keys.repairs(saleId);
    if (round.repaired > 0) repairsTotal.inc({ sale: saleId }, round.repaired);
    await this.redis
      .multi()
      .hset(key, { lastRunAt: round.at.toISOString(), lastFound: JSON.stringify(round.found) })
      .hincrby(key, 'repairs', round.repaired)
      .expire(key, KEEP_SECONDS)
      .exec();
  }

  async read(saleId: string): Promise<RepairRecord | null> {
    const fields = await this.redis.hgetall(this.keys.repairs(saleId));
    if (!fields.lastRunAt) return null;
    return {
      lastRunAt: fields.lastRunAt,
      repairs: Number(fields.repairs ?? 0),
      lastFound: JSON.parse(fields.lastFound ?? '[]') as string[],
    };
  }
}
