import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { type AppConfig } from '../../config/app-config';
import { clusterNodeOptions } from '../../config/redis-url';

/** Injection tokens: the flash-sale Redis (stock gates, queues) and the cache Redis (may be another server). */
export const FLASH_SALE_REDIS = Symbol('FLASH_SALE_REDIS');
export const CACHE_REDIS = Symbol('CACHE_REDIS');

/**
 * The flash-sale Redis: one server, or a Redis Cluster (REDIS_CLUSTER_NODES). Every key a script touches at
 * once shares a hash tag (`{sale:<id>}`, `{<key>:<throttler>}`), so the same code runs on both.
 */
export type FlashSaleRedis = Redis | Cluster;

const COMMAND_OPTIONS = {
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
} satisfies RedisOptions;

/** Fail a command after a short while instead of queueing it forever, so callers can answer 503. */
export function createRedisClient(url: string, connectionName: string): Redis {
  return new Redis(url, {
    connectionName,
    ...COMMAND_OPTIONS,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/**
 * Scripts called with their key count first (`EVALSHA sha numkeys key…`, the count varies with a sale's buckets).
 * ioredis's cluster auto-pipelining groups a command by its first argument, which for these is the count, not a
 * key: a batch then mixes slots of several nodes and is refused whole ("All keys in the pipeline should belong to
 * the same slots allocation group"). On a cluster they are sent as they come, unbatched.
 */
export const VARIABLE_KEY_SCRIPTS = ['fsReserveMany', 'fsGiveBack', 'fsPrepare'];

/**
 * The flash-sale Redis client. On a cluster, ioredis follows MOVED/ASK, re-reads the slot map when a node fails
 * (a replica promoted), and runs each script by EVALSHA on the node owning its keys, loading it there on
 * NOSCRIPT; auto-pipelining groups commands per node.
 */
export function createFlashSaleRedis(redis: AppConfig['redis'], connectionName: string): FlashSaleRedis {
  if (redis.clusterNodes === null) return createRedisClient(redis.url, connectionName);
  return new Cluster([...redis.clusterNodes], {
    redisOptions: clusterNodeOptions(redis.url, { connectionName, ...COMMAND_OPTIONS }),
    enableAutoPipelining: true,
    autoPipeliningIgnoredCommands: VARIABLE_KEY_SCRIPTS,
    clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    // While a failed master's replica takes over, a command is retried against the new slot map.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    slotsRefreshTimeout: 2000,
  });
}

/**
 * Another connection like `redis` (for a subscriber): `Redis.duplicate(options)` and `Cluster.duplicate(nodes,
 * clusterOptions)` differ. A cluster subscriber listens on one node and receives every PUBLISH of the cluster
 * (classic pub/sub is broadcast to all nodes); ioredis moves it to another node, resubscribed, if that one dies.
 */
export function duplicateClient(redis: FlashSaleRedis, options: RedisOptions): FlashSaleRedis {
  if (redis instanceof Cluster) {
    return redis.duplicate(undefined, { redisOptions: { ...redis.options.redisOptions, ...options } });
  }
  return redis.duplicate(options);
}

export function isCluster(redis: FlashSaleRedis): redis is Cluster {
  return redis instanceof Cluster;
}
