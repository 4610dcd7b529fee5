import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { decodeParts } from '../../domain/ordering/order';
import {
  type GateRelease,
  type GateRequest,
  type GateSnapshot,
  type GateState,
  type GateVerdict,
  type InFlightAttempt,
  StockGate,
} from '../../domain/ordering/stock-gate';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';
import { StockGateKeys } from './stock-gate-keys';

const script = (name: string): string => readFileSync(join(__dirname, 'lua', `${name}.lua`), 'utf8');

/** Kept for a day after the sale ends, for the summary; then Redis forgets the sale. */
const KEEP_AFTER_END_MS = 24 * 3600 * 1000;

const REJECTIONS: Record<number, Exclude<Extract<GateVerdict, { ok: false }>['reason'], 'insufficient'>> = {
  [-1]: 'not_prepared',
  [-2]: 'not_started',
  [-3]: 'ended',
  [-4]: 'limit_exceeded',
  [-5]: 'sold_out',
};

type GateCommands = {
  fsReserve(...args: (string | number)[]): Promise<number[]>;
  fsGiveBack(...args: (string | number)[]): Promise<number>;
  fsPrepare(...args: (string | number)[]): Promise<number>;
};

/**
 * The gate as Lua scripts. ioredis runs them by EVALSHA and falls back to EVAL on NOSCRIPT, so a Redis that
 * restarted (and lost its script cache) keeps working.
 */
@Injectable()
export class RedisStockGate extends StockGate {
  private readonly keys: StockGateKeys;
  private readonly redis: FlashSaleRedis & GateCommands;

  constructor(@Inject(FLASH_SALE_REDIS) redis: FlashSaleRedis, config: AppConfig) {
    super();
    this.keys = new StockGateKeys(config.redis.keyPrefix);
    // Named in VARIABLE_KEY_SCRIPTS (redis-clients.ts): their key count varies.
    redis.defineCommand('fsReserve', { lua: script('reserve') });
    redis.defineCommand('fsGiveBack', { lua: script('give-back') });
    redis.defineCommand('fsPrepare', { lua: script('prepare') });
    this.redis = redis as FlashSaleRedis & GateCommands;
  }

  async prepare(snapshot: GateSnapshot, mode: 'reset' | 'if-absent'): Promise<void> {
    const { saleId, buckets } = snapshot;
    const keys = [
      this.keys.meta(saleId),
      this.keys.buyers(saleId),
      this.keys.inFlight(saleId),
      ...this.keys.allStock(saleId, buckets.length),
    ];
    const buyerPairs = Object.entries(snapshot.buyers).flatMap(([userId, units]) => [userId, units]);
    await this.redis.fsPrepare(
      keys.length,
      ...keys,
      mode,
      snapshot.startsAtMs,
      snapshot.endsAtMs,
      snapshot.perUserLimit,
      snapshot.endsAtMs + KEEP_AFTER_END_MS,
      ...buckets,
      ...buyerPairs,
    );
  }

  async reserve(request: GateRequest): Promise<GateVerdict> {
    const { saleId } = request;
    const keys = [
      this.keys.meta(saleId),
      this.keys.buyers(saleId),
      this.keys.inFlight(saleId),
      ...this.keys.allStock(saleId, request.bucketCount),
    ];
    const [code, ...rest] = await this.redis.fsReserve(
      keys.length,
      ...keys,
      request.userId,
      request.quantity,
      request.nowMs,
      request.homeBucket,
      request.attemptId,
    );
    if (code === 0) {
      const parts = [];
      for (let i = 0; i < rest.length; i += 2) parts.push({ bucketNo: rest[i], units: rest[i + 1] });
      return { ok: true, bucketNo: parts[0].bucketNo, parts };
    }
    if (code === -6) return { ok: false, reason: 'insufficient', left: rest[0] };
    return { ok: false, reason: REJECTIONS[code] ?? 'not_prepared' };
  }

  async giveBack(release: GateRelease): Promise<boolean> {
    const { saleId } = release;
    const result = await this.redis.fsGiveBack(
      3 + release.parts.length,
      this.keys.meta(saleId),
      this.keys.buyers(saleId),
      this.keys.inFlight(saleId),
      ...release.parts.map((part) => this.keys.stock(saleId, part.bucketNo)),
      release.userId,
      release.quantity,
      release.restock === false ? '0' : '1',
      release.attemptId ?? '',
      ...release.parts.map((part) => part.units),
    );
    return result !== 2;
  }

  async settle(saleId: string, attemptId: string): Promise<void> {
    await this.redis.hdel(this.keys.inFlight(saleId), attemptId);
  }

  async inFlight(saleId: string): Promise<InFlightAttempt[]> {
    const entries = await this.redis.hgetall(this.keys.inFlight(saleId));
    return Object.entries(entries).map(([attemptId, value]) => {
      const [userId, quantity, acceptedAtMs, parts] = value.split('|');
      return {
        attemptId,
        userId,
        quantity: Number(quantity),
        acceptedAtMs: Number(acceptedAtMs),
        parts: decodeParts(parts),
      };
    });
  }

  async read(saleId: string, bucketCount: number): Promise<GateState | null> {
    const [exists, stock, held] = await Promise.all([
      this.redis.exists(this.keys.meta(saleId)),
      this.redis.mget(...this.keys.allStock(saleId, bucketCount)),
      this.redis.hvals(this.keys.buyers(saleId)),
    ]);
    if (exists === 0) return null;
    return {
      buckets: stock.map((value) => Number(value ?? 0)),
      buyerUnits: held.reduce((sum, units) => sum + Number(units), 0),
    };
  }
}
