import { Redis, type RedisOptions } from 'ioredis';

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

/** BullMQ wants plain options (it opens its own connections); this turns a redis:// URL into them. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.replace('/', '');
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db ? Number(db) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}
