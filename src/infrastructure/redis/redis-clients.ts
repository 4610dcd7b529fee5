import { Redis } from 'ioredis';

/** Injection tokens: the flash-sale Redis (stock gates, queues) and the cache Redis (may be another server). */
export const FLASH_SALE_REDIS = Symbol('FLASH_SALE_REDIS');
export const CACHE_REDIS = Symbol('CACHE_REDIS');

/** Fail a command after a short while instead of queueing it forever, so callers can answer 503. */
export function createRedisClient(url: string, connectionName: string): Redis {
  return new Redis(url, {
    connectionName,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}
