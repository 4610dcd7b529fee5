import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { type ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { type AppConfig } from '../../config/app-config';

/** Longest start-up waits for the rate-limit connection; a Redis that is down then is not waited for. */
const READY_WAIT_MS = 2000;

type IncrementReply = [
  totalHits: number,
  timeToExpireMs: number,
  isBlocked: 0 | 1,
  timeToBlockExpireMs: number,
];

/**
 * The library's store, with its count script sent by SHA: the library sends the script's whole text with every
 * count (EVAL), which is about 900 bytes written and hashed in Redis per count, and every order attempt counts
 * twice. Same script, same keys, same answers; ioredis loads the script again if Redis has forgotten it.
 */
export class ScriptedThrottlerStorage extends ThrottlerStorageRedisService {
  constructor(url: string, options: ConstructorParameters<typeof ThrottlerStorageRedisService>[1]) {
    super(url, options);
    this.redis.defineCommand('throttlerIncrement', { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const tag = `{${key}:${throttlerName}}`;
    const redis = this.redis as typeof this.redis & {
      throttlerIncrement(...args: (string | number)[]): Promise<IncrementReply>;
    };
    const [totalHits, timeToExpireMs, isBlocked, timeToBlockExpireMs] = await redis.throttlerIncrement(
      `${tag}:hits`,
      `${tag}:blocked`,
      throttlerName,
      ttl,
      limit,
      blockDuration,
    );
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpireMs / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpireMs / 1000),
    };
  }
}

/**
 * The throttler's store in the flash-sale Redis, shared by every instance so the limits hold behind a load
 * balancer (keys `<prefix>throttle:*`). Without a connection a count fails at once (no offline queue) and
 * RateLimitGuard lets the request through uncounted, so start-up waits a moment for the connection first.
 */
export async function createRateLimitStorage(config: AppConfig): Promise<ScriptedThrottlerStorage> {
  const storage = new ScriptedThrottlerStorage(config.redis.url, {
    keyPrefix: `${config.redis.keyPrefix}throttle:`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectionName: 'rate-limits',
    // Every attempt counts twice (address, user): the counts of one event-loop turn go out as one write.
    enableAutoPipelining: true,
  });
  const { redis } = storage;
  redis.on('error', () => undefined); // reported by the guard when a count fails, and by /health/ready
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, READY_WAIT_MS);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return storage;
}
