import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { type ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { Cluster, type RedisOptions } from 'ioredis';
import { type AppConfig } from '../../config/app-config';
import { clusterNodeOptions } from '../../config/redis-url';

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
  constructor(url: string, options: RedisOptions);
  /** On a Redis Cluster: the library takes the client as it is (and this storage closes it). */
  constructor(cluster: Cluster);
  constructor(urlOrCluster: string | Cluster, options?: RedisOptions) {
    if (typeof urlOrCluster === 'string') super(urlOrCluster, options);
    else {
      super(urlOrCluster);
      this.disconnectRequired = true;
    }
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
  const options = {
    keyPrefix: `${config.redis.keyPrefix}throttle:`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectionName: 'rate-limits',
    // Every attempt counts twice (address, user): the counts of one event-loop turn go out as one write.
    enableAutoPipelining: true,
  } satisfies RedisOptions;
  // Each count's two keys share the tag `{<key>:<throttler>}`: one slot, so the script runs on a cluster too.
  const { clusterNodes } = config.redis;
  const storage =
    clusterNodes === null
      ? new ScriptedThrottlerStorage(config.redis.url, options)
      : new ScriptedThrottlerStorage(
          new Cluster([...clusterNodes], {
            keyPrefix: options.keyPrefix,
            enableOfflineQueue: false,
            enableAutoPipelining: true,
            redisOptions: clusterNodeOptions(config.redis.url, {
              maxRetriesPerRequest: 1,
              connectionName: options.connectionName,
            }),
          }),
        );
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
