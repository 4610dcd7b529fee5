import { type Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jitteredSeconds } from './jitter';
import { withTimeout } from '../resilience/with-timeout';

/** A Redis call that takes longer than this counts as a failed one: the read goes to MySQL instead. */
const REDIS_TIMEOUT_MS = 500;
/** How long the rebuild lock of one key lives at most (a crashed rebuilder frees it by then). */
const REBUILD_LOCK_MS = 3000;
/** How long a reader waits for another instance's rebuild before reading MySQL itself. */
const REBUILD_WAIT_MS = 2000;
const REBUILD_POLL_MS = 20;

export interface LayeredCacheOptions<T> {
  redis: Redis;
  /** The Redis key of an entry. */
  key(id: string): string;
  /** The Redis key of an entry's rebuild lock (same hash tag as the entry). */
  lockKey(id: string): string;
  localTtlMs: number;
  localNotFoundTtlMs: number;
  redisTtlSeconds: number;
  redisNotFoundTtlSeconds: number;
  maxLocalEntries: number;
  /** To and from a JSON-safe value; `decode` throws on anything it does not recognise (read as a miss). */
  encode(value: T): unknown;
  decode(raw: unknown): T;
  warn(message: string): void;
}

type Local<T> = { value: T | null };
/** The entry; or this reader now holds the rebuild lock; or another one does; or Redis failed. */
type RemoteRead<T> = { value: T | null } | 'locked' | 'busy' | 'unavailable';

type CacheCommands = {
  /** [2, entry] when present; else [1] when the lock was taken for `token`; else [0] (someone else rebuilds). */
  cacheReadOrLock(key: string, lockKey: string, token: string, lockMs: number): Promise<[number, string?]>;
  cacheStoreIfLocked(
    lockKey: string,
    key: string,
    token: string,
    payload: string,
    ttl: number,
  ): Promise<number>;
  cacheUnlock(lockKey: string, token: string): Promise<number>;
};

/**
 * Read-through cache: an in-process LRU (short TTL) → Redis (longer, jittered TTL) → the loader (MySQL).
 * - Single flight: one load per key at a time in a process; across processes a Redis lock elects one
 *   rebuilder per key and the others wait briefly for its result.
 * - Negative caching: `null` (not found) is cached too, with its own TTL.
 * - A Redis that is down, slow or answering nonsense is skipped: the loader answers, nothing fails.
 * - Invalidation drops the local copy, any in-flight load, and (remotely) the Redis entry and its lock; a
 *   rebuild that started before an invalidation can no longer store its (possibly stale) result anywhere.
 */
export class LayeredCache<T extends object> {
  private readonly local: LRUCache<string, Local<T>>;
  private readonly flights = new Map<string, Promise<T | null>>();
  /** Bumped by every invalidation; a load that started under an older epoch does not fill the local cache. */
  private epoch = 0;
  private readonly redis: Redis & CacheCommands;

  constructor(private readonly options: LayeredCacheOptions<T>) {
    this.local = new LRUCache<string, Local<T>>({ max: options.maxLocalEntries, ttl: options.localTtlMs });
    this.redis = defineCommands(options.redis);
  }

  async get(id: string, load: () => Promise<T | null>): Promise<T | null> {
    const hit = this.local.get(id);
    if (hit) return hit.value;
    const inFlight = this.flights.get(id);
    if (inFlight) return inFlight;

    const epoch = this.epoch;
    const flight: Promise<T | null> = this.fill(id, load)
      .then((value) => {
        if (this.epoch === epoch) {
          const ttl = value === null ? this.options.localNotFoundTtlMs : this.options.localTtlMs;
          this.local.set(id, { value }, { ttl });
        }
        return value;
      })
      .finally(() => {
        if (this.flights.get(id) === flight) this.flights.delete(id);
      });
    this.flights.set(id, flight);
    return flight;
  }

  /** This process only: its copies and in-flight loads of these ids. */
  invalidateLocal(ids: readonly string[]): void {
    this.epoch++;
    for (const id of ids) {
      this.local.delete(id);
      this.flights.delete(id);
    }
  }

  clearLocal(): void {
    this.epoch++;
    this.local.clear();
    this.flights.clear();
  }

  /** Redis commands that drop the shared copies (and rebuild locks) of these ids; the caller sends them. */
  deletionsOf(ids: readonly string[]): string[] {
    return ids.flatMap((id) => [this.options.key(id), this.options.lockKey(id)]);
  }

  private async fill(id: string, load: () => Promise<T | null>): Promise<T | null> {
    const token = randomUUID();
    const deadline = Date.now() + REBUILD_WAIT_MS;
    for (;;) {
      // One step: the entry if Redis has it, else the rebuild lock if nobody holds it. (A separate GET then
      // SET NX would let a slow reader take the lock just after another instance stored the entry.)
      const found = await this.readOrLock(id, token);
      if (found === 'unavailable') return load();
      if (found === 'locked') return this.rebuild(id, token, load);
      if (found !== 'busy') return found.value;
      // Another instance rebuilds this key: its result lands in Redis shortly.
      if (Date.now() >= deadline) return load();
      await sleep(REBUILD_POLL_MS);
    }
  }

  private async rebuild(id: string, token: string, load: () => Promise<T | null>): Promise<T | null> {
    let value: T | null;
    try {
      value = await load();
    } catch (error) {
      await this.call(() => this.redis.cacheUnlock(this.options.lockKey(id), token), 'unlock');
      throw error;
    }
    const payload = JSON.stringify(
      value === null ? { found: false } : { found: true, value: this.options.encode(value) },
    );
    const ttl = jitteredSeconds(
      value === null ? this.options.redisNotFoundTtlSeconds : this.options.redisTtlSeconds,
    );
    // Stored only while this rebuild still holds the lock: an invalidation meanwhile deleted it.
    await this.call(
      () =>
        this.redis.cacheStoreIfLocked(this.options.lockKey(id), this.options.key(id), token, payload, ttl),
      'store',
    );
    return value;
  }

  private async readOrLock(id: string, token: string): Promise<RemoteRead<T>> {
    const answer = await this.call(
      () =>
        this.redis.cacheReadOrLock(this.options.key(id), this.options.lockKey(id), token, REBUILD_LOCK_MS),
      'read',
    );
    if (answer === undefined) return 'unavailable';
    const [state, raw] = answer;
    if (state === 1) return 'locked';
    if (state === 0) return 'busy';
    try {
      const parsed = JSON.parse(raw ?? '') as { found?: unknown; value?: unknown };
      if (parsed.found === false) return { value: null };
      if (parsed.found === true) return { value: this.options.decode(parsed.value) };
    } catch {
      // Falls through: an entry written by another version, or garbage.
    }
    // Drop it, so the next reader rebuilds it.
    await this.call(() => this.redis.del(this.options.key(id)), 'drop');
    return 'unavailable';
  }

  /** Undefined when Redis failed or was too slow; the failure is logged (throttled). */
  private async call<R>(command: () => Promise<R>, what: string): Promise<R | undefined> {
    if (!this.redisReady()) return undefined;
    try {
      return await withTimeout(command(), REDIS_TIMEOUT_MS, 'the cache Redis');
    } catch (error) {
      this.options.warn(`Cache Redis ${what} failed, reading MySQL instead: ${String(error)}`);
      return undefined;
    }
  }

  private redisReady(): boolean {
    return this.redis.status === 'ready';
  }
}

function defineCommands(redis: Redis): Redis & CacheCommands {
  const client = redis as Redis & Partial<CacheCommands>;
  if (typeof client.cacheReadOrLock !== 'function') {
    redis.defineCommand('cacheReadOrLock', {
      numberOfKeys: 2,
      lua: `local entry = redis.call('GET', KEYS[1])
            if entry then return {2, entry} end
            if redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return {1} end
            return {0}`,
    });
  }
  if (typeof client.cacheStoreIfLocked !== 'function') {
    redis.defineCommand('cacheStoreIfLocked', {
      numberOfKeys: 2,
      lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0`,
    });
  }
  if (typeof client.cacheUnlock !== 'function') {
    redis.defineCommand('cacheUnlock', {
      numberOfKeys: 1,
      lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0`,
    });
  }
  return redis as Redis & CacheCommands;
}
