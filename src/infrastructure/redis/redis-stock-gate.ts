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
import { KeyedBatches } from '../batching/keyed-batches';

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

/** Attempts of one sale sent in one script call at most: a call blocks Redis for its whole length. */
const RESERVE_BATCH_MAX = 200;

type GateCommands = {
  fsReserveMany(...args: (string | number)[]): Promise<number[][]>;
  fsGiveBack(...args: (string | number)[]): Promise<number>;
  fsPrepare(...args: (string | number)[]): Promise<number>;
};

/**
 * The gate as Lua scripts. ioredis runs them by EVALSHA and falls back to EVAL on NOSCRIPT, so a Redis that
 * restarted (and lost its script cache) keeps working. Attempts at one sale that arrive in the same turn of the
 * event loop go in one script call (`reserve-many.lua`, each attempt decided in turn exactly as alone), with
 * one answer each: under a crowd, one round trip and one script run serve many attempts.
 */
@Injectable()
export class RedisStockGate extends StockGate {
  private readonly keys: StockGateKeys;
  private readonly redis: FlashSaleRedis & GateCommands;
  /** Keyed by sale and bucket count (the script's keys); exposed for the numbers of the coalescing test. */
  readonly reservations: KeyedBatches<GateRequest, GateVerdict>;
  /** Settled attempts of one sale leave the in-flight hash in one HDEL (the worker settles a batch at a time). */
  private readonly settlements: KeyedBatches<string, void>;

  constructor(@Inject(FLASH_SALE_REDIS) redis: FlashSaleRedis, config: AppConfig) {
    super();
    this.keys = new StockGateKeys(config.redis.keyPrefix);
    // Named in VARIABLE_KEY_SCRIPTS (redis-clients.ts): their key count varies.
    redis.defineCommand('fsReserveMany', { lua: script('reserve-many') });
    redis.defineCommand('fsGiveBack', { lua: script('give-back') });
    redis.defineCommand('fsPrepare', { lua: script('prepare') });
    this.redis = redis as FlashSaleRedis & GateCommands;
    this.reservations = new KeyedBatches(RESERVE_BATCH_MAX, (_key, batch) => this.reserveMany(batch));
    this.settlements = new KeyedBatches(RESERVE_BATCH_MAX, async (saleId, attemptIds) => {
      await this.redis.hdel(this.keys.inFlight(saleId), ...attemptIds);
      return attemptIds.map(() => undefined);
    });
  }

  async prepare(snapshot: GateSnapshot, mode: 'reset' | 'if-absent'): Promise<void> {
    const { saleId, buckets } = snapshot;
    const keys = this.saleKeys(saleId, buckets.length);
    let buyers = '';
    for (const userId in snapshot.buyers) buyers += `${userId}:${snapshot.buyers[userId]},`;
    await this.redis.fsPrepare(
      keys.length,
      ...keys,
      mode,
      snapshot.startsAtMs,
      snapshot.endsAtMs,
      snapshot.perUserLimit,
      snapshot.endsAtMs + KEEP_AFTER_END_MS,
      ...buckets,
      buyers,
    );
  }

  reserve(request: GateRequest): Promise<GateVerdict> {
    return this.reservations.submit(`${request.saleId}/${request.bucketCount}`, request);
  }

  /** Requests of one sale with one bucket count, in arrival order. */
  private async reserveMany(requests: GateRequest[]): Promise<GateVerdict[]> {
    const { saleId, bucketCount } = requests[0];
    const keys = this.saleKeys(saleId, bucketCount);
    const args: (string | number)[] = [keys.length, ...keys];
    for (const request of requests) {
      args.push(request.userId, request.quantity, request.nowMs, request.homeBucket, request.attemptId);
    }
    const answers = await this.redis.fsReserveMany(...args);
    return answers.map(toVerdict);
  }

  /** The keys the prepare and reserve scripts take: the sale's meta, buyers and in-flight hashes, then its buckets. */
  private saleKeys(saleId: string, bucketCount: number): string[] {
    return [
      this.keys.meta(saleId),
      this.keys.buyers(saleId),
      this.keys.inFlight(saleId),
      ...this.keys.allStock(saleId, bucketCount),
    ];
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

  settle(saleId: string, attemptId: string): Promise<void> {
    return this.settlements.submit(saleId, attemptId);
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

  async isPrepared(saleId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.meta(saleId))) === 1;
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

function toVerdict([code, ...rest]: number[]): GateVerdict {
  if (code === 0) {
    const parts = [];
    for (let i = 0; i < rest.length; i += 2) parts.push({ bucketNo: rest[i], units: rest[i + 1] });
    return { ok: true, bucketNo: parts[0].bucketNo, parts };
  }
  if (code === -6) return { ok: false, reason: 'insufficient', left: rest[0] };
  if (code === -5) return { ok: false, reason: 'sold_out', inFlight: rest[0] ?? 0 };
  return { ok: false, reason: REJECTIONS[code] ?? 'not_prepared' };
}
