import { Cluster } from 'ioredis';
import { AppConfig, InvalidConfigError } from './app-config';
import { queueConnection, queuePrefix, redisOptionsFromUrl } from './redis-url';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@cache.local:6380/4')).toEqual({
      host: 'cache.local',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 4,
      tls: undefined,
    });
  });

  it('defaults port and database, and turns on TLS for rediss', () => {
    expect(redisOptionsFromUrl('rediss://secure.local')).toMatchObject({ port: 6379, db: 0, tls: {} });
  });
});

describe('a Redis Cluster for the flash-sale Redis (REDIS_CLUSTER_NODES)', () => {
  const minimal = {
    DB_USERNAME: 'flashsale',
    DB_DATABASE: 'flash_sale',
    REDIS_URL: 'redis://user:secret@127.0.0.1:6379/0',
    JWT_SECRET: 'x'.repeat(32),
    REDIS_KEY_PREFIX: 'shop:',
  };

  it('is off by default: one server, and the queues keep their old prefix', () => {
    const { redis } = AppConfig.fromEnv(minimal);
    expect(redis.clusterNodes).toBeNull();
    expect(queuePrefix(redis)).toBe('shop:bull');
    expect(queueConnection(redis, { maxRetriesPerRequest: null })).toMatchObject({
      host: '127.0.0.1',
      port: 6379,
      maxRetriesPerRequest: null,
    });
  });

  it('reads the seed nodes, hash-tags the queue prefix, and opens a Cluster with REDIS_URL credentials', async () => {
    const { redis } = AppConfig.fromEnv({ ...minimal, REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-b:7001' });
    expect(redis.clusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
    ]);
    // Every key of every queue in one slot: BullMQ's scripts touch several keys of a queue at once.
    expect(queuePrefix(redis)).toBe('{shop:bull}');
    const connection = queueConnection(redis, { enableOfflineQueue: false });
    expect(connection).toBeInstanceOf(Cluster);
    const cluster = connection as Cluster;
    expect(cluster.options.redisOptions).toMatchObject({ username: 'user', password: 'secret' });
    cluster.disconnect();
    await Promise.resolve();
  });

  it('refuses a list that is not host:port entries', () => {
    for (const bad of ['127.0.0.1', '127.0.0.1:7000,', 'redis://a:7000', 'a:7000 b:7001']) {
      expect(() => AppConfig.fromEnv({ ...minimal, REDIS_CLUSTER_NODES: bad })).toThrow(InvalidConfigError);
    }
  });
});
