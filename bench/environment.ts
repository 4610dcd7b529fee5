import { Redis } from 'ioredis';
import { createConnection, createPool, type Pool as MysqlPool } from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config';
import { loadEnvFile } from '../src/config/load-env-file';
import { dataSourceOptions } from '../src/infrastructure/persistence/data-source-options';
import { type JwtSettings } from './shoppers';

/**
 * The benchmark's own world: a database `<DB_DATABASE>_bench_<id>` (created, migrated and dropped here, never
 * another), a Redis key prefix `bench:<id>:`, a fresh JWT secret and admin. Connection settings come from the
 * environment or .env (DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD, REDIS_URL).
 */
export interface BenchEnvironment {
  id: string;
  database: string;
  keyPrefix: string;
  jwt: JwtSettings;
  admin: { email: string; password: string };
  /** The platform's environment, without role and port. */
  platformEnv: Record<string, string>;
  db: MysqlPool;
  redis: Redis;
  dispose(): Promise<void>;
}

/**
 * Every hop of the benchmark is on loopback: the harness (which plays the shoppers' load balancer and names each
 * shopper's address in X-Forwarded-For) and, in the scale-out run, the round-robin proxy that appends the
 * harness's address after it. Trusting loopback skips both, so each shopper arrives as its own client.
 */
export const BENCH_TRUST_PROXY = '127.0.0.0/8,::1';

export async function createBenchEnvironment(): Promise<BenchEnvironment> {
  loadEnvFile();
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const mysql = {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 3306),
    user: process.env.DB_USERNAME ?? 'flashsale',
    password: process.env.DB_PASSWORD ?? 'flashsale',
  };
  // Named after the app's database (flash_sale_bench_<id> by default), so the set-up's grant covers it.
  const database = `${process.env.DB_DATABASE ?? 'flash_sale'}_bench_${id}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  const keyPrefix = `bench:${id}:`;
  const jwt: JwtSettings = {
    secret: randomBytes(32).toString('hex'),
    issuer: 'flash-sale',
    audience: 'flash-sale-api',
  };
  const admin = { email: `admin-${id}@bench.local`, password: `bench-${randomBytes(8).toString('hex')}1` };

  const platformEnv: Record<string, string> = {
    // Not 'production': that refuses every secret published in the repository, the local database's password
    // (flashsale) included, and NODE_ENV changes nothing else in the platform.
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOG_HTTP_REQUESTS: 'false',
    TRUST_PROXY: BENCH_TRUST_PROXY,
    DB_HOST: mysql.host,
    DB_PORT: String(mysql.port),
    DB_USERNAME: mysql.user,
    DB_PASSWORD: mysql.password,
    DB_DATABASE: database,
    DB_MIGRATIONS_RUN: 'false',
    REDIS_URL: redisUrl,
    CACHE_REDIS_URL: process.env.CACHE_REDIS_URL || redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    JWT_SECRET: jwt.secret,
    JWT_ISSUER: jwt.issuer,
    JWT_AUDIENCE: jwt.audience,
    JWT_EXPIRES_IN_SECONDS: String(4 * 3600),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    ORDERING_DEFAULT_STRATEGY: 'sync',
    // Every limit of the risk context raised so that 40,000 attempts from 10,000 shoppers behind distinct
    // addresses are never turned away or banned: the benchmark measures selling, not the rate limiter's 429s
    // (whose cost, one Redis round trip per guard, is still paid on every request).
    LOGIN_RATE_LIMIT: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    ORDER_RATE_LIMIT_PER_USER: '1000000',
    AUTO_BAN_AFTER_VIOLATIONS: '1000000',
  };
  const server = await createConnection(mysql);
  try {
    await server.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await server.end();
  }
  let db: MysqlPool | undefined;
  let redis: Redis | undefined;
  const dispose = async () => {
    await db?.end().catch(() => undefined);
    const cleanup = await createConnection(mysql);
    await cleanup.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await cleanup.end();
    if (redis) {
      await deleteKeys(redis, `${keyPrefix}*`).catch(() => undefined);
      redis.disconnect();
    }
  };
  try {
    // The platform's own description of the connection (and so its migrations), read from the same variables.
    const config = AppConfig.fromEnv({ ...platformEnv, APP_ROLE: 'all', PORT: '0' });
    const migrator = new DataSource(dataSourceOptions({ db: { ...config.db, poolSize: 2 } }));
    await migrator.initialize();
    try {
      await migrator.runMigrations({ transaction: 'each' });
    } finally {
      await migrator.destroy();
    }
    db = createPool({ ...mysql, database, connectionLimit: 4, timezone: 'Z', supportBigNumbers: true });
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  } catch (error) {
    await dispose();
    throw error;
  }

  return { id, database, keyPrefix, jwt, admin, platformEnv, db, redis, dispose };
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
