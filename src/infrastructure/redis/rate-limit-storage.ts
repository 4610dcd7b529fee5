import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { type AppConfig } from '../../config/app-config';

/** Longest start-up waits for the rate-limit connection; a Redis that is down then is not waited for. */
const READY_WAIT_MS = 2000;

/**
 * The throttler's store in the flash-sale Redis, shared by every instance so the limits hold behind a load
 * balancer (keys `<prefix>throttle:*`). Without a connection a count fails at once (no offline queue) and
 * RateLimitGuard lets the request through uncounted, so start-up waits a moment for the connection first.
 */
export async function createRateLimitStorage(config: AppConfig): Promise<ThrottlerStorageRedisService> {
  const storage = new ThrottlerStorageRedisService(config.redis.url, {
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
