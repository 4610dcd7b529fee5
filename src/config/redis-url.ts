import { Cluster, type RedisOptions } from 'ioredis';
import { type AppConfig } from './app-config';

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

/** What every node of a Redis Cluster is opened with: REDIS_URL's credentials and TLS (a cluster has no db). */
export function clusterNodeOptions(url: string, options: RedisOptions = {}): RedisOptions {
  const { username, password, tls } = redisOptionsFromUrl(url);
  return { username, password, tls, ...options };
}

type RedisSettings = AppConfig['redis'];

/**
 * A BullMQ connection to the flash-sale Redis: plain options for a single server (BullMQ opens its own
 * connections), or, on a Redis Cluster, a Cluster client (BullMQ cannot build one from options; it duplicates
 * it for a worker's blocking connection).
 */
export function queueConnection(redis: RedisSettings, options: RedisOptions = {}): RedisOptions | Cluster {
  if (redis.clusterNodes === null) return { ...redisOptionsFromUrl(redis.url), ...options };
  return new Cluster([...redis.clusterNodes], {
    redisOptions: clusterNodeOptions(redis.url, options),
    ...(options.enableOfflineQueue === false ? { enableOfflineQueue: false } : {}),
  });
}

/**
 * The queues' key prefix. On a cluster every key of a queue must share one slot (its Lua scripts touch many),
 * so the prefix is a hash tag: `{<REDIS_KEY_PREFIX>bull}` (BullMQ's documented way). A single server keeps the
 * old prefix, so jobs queued before an upgrade are still found.
 */
export function queuePrefix(redis: RedisSettings): string {
  return redis.clusterNodes === null ? `${redis.keyPrefix}bull` : `{${redis.keyPrefix}bull}`;
}
