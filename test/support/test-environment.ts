import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { loadEnvFile } from '../../src/config/load-env-file';
import { dataSourceOptions } from '../../src/infrastructure/persistence/data-source-options';

/**
 * One isolated world per suite: its own MySQL database (created and dropped here, never another) and its own
 * Redis key prefix, so suites, and a suite and a running app, never collide.
 */
export interface TestEnvironment {
  id: string;
  env: Record<string, string>;
  config: AppConfig;
  /** A direct MySQL connection to this suite's database, for assertions and arranging state. */
  db: DataSource;
  redis: Redis;
  dispose(): Promise<void>;
}

export const TEST_ADMIN = { email: 'admin@test.local', password: 'admin-password-1' };

export async function createTestEnvironment(
  overrides: Record<string, string> = {},
): Promise<TestEnvironment> {
  loadEnvFile();
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    APP_ROLE: 'all',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_HTTP_REQUESTS: 'false',
    DB_USERNAME: process.env.DB_USERNAME ?? 'flashsale',
    DB_PASSWORD: process.env.DB_PASSWORD ?? 'flashsale',
    // Named after the app's database, so the grant the set-up gives the app's user covers it.
    DB_DATABASE: `${process.env.DB_DATABASE ?? 'flash_sale'}_test_${id}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    REDIS_KEY_PREFIX: `test:${id}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // The lowest cost Argon2id allows here: tests register many users; the hashing itself is unchanged.
    PASSWORD_HASH_MEMORY_KIB: '8192',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    // Suites log in many shoppers from 127.0.0.1; the login limit has a suite of its own.
    LOGIN_RATE_LIMIT: '100000',
    REGISTER_RATE_LIMIT: '100000',
    // Likewise the global per-address and per-user order limits, and automatic bans: test/risk tightens them.
    RATE_LIMIT_PER_ADDRESS: '1000000',
    ORDER_RATE_LIMIT_PER_USER: '1000000',
    AUTO_BAN_AFTER_VIOLATIONS: '1000000',
    ...overrides,
  };
  env.CACHE_REDIS_URL = overrides.CACHE_REDIS_URL ?? env.REDIS_URL;
  const config = AppConfig.fromEnv(env);
  await createDatabase(config);
  const db = new DataSource(dataSourceOptions({ db: { ...config.db, poolSize: 4 } }));
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });

  return {
    id,
    env,
    config,
    db,
    redis,
    async dispose() {
      await db.query(`DROP DATABASE \`${config.db.database}\``).catch(() => undefined);
      await db.destroy();
      await deleteKeys(redis, `${config.redis.keyPrefix}*`);
      redis.disconnect();
    },
  };
}

async function createDatabase(config: AppConfig): Promise<void> {
  const connection = await createConnection({
    host: config.db.host,
    port: config.db.port,
    user: config.db.username,
    password: config.db.password,
  });
  try {
    await connection.query(
      `CREATE DATABASE \`${config.db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
