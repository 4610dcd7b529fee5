import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { STRATEGY_KINDS, type StrategyKind } from '../domain/catalog/flash-sale';
import { productionSecretProblems } from './production-secrets';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/**
 * The proxies in front of the platform (API.md "Client address"): a hop count, or the proxies' addresses and CIDR
 * ranges. `true` is refused: it used to trust every hop, which let any client choose its address.
 */
export type TrustProxy = false | number | string[];

const trustProxy = z
  .string()
  .default('false')
  .transform((text, ctx): TrustProxy => {
    const value = text.trim().toLowerCase();
    if (value === 'false' || value === '0' || value === 'no') return false;
    if (value === 'true' || value === 'yes') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'give the number of proxies in front of the platform (1 = one load balancer) or their addresses/CIDR ranges; "true" would let every client choose its address',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops <= 16) return hops;
    }
    const entries = value.split(',').map((entry) => entry.trim());
    const bad = entries.filter((entry) => !isProxyRange(entry));
    if (bad.length > 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `not a hop count (0-16) nor addresses/CIDR ranges: ${bad.map((entry) => JSON.stringify(entry)).join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

function isProxyRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (version === 4 ? 32 : 128);
}

const redisUrl = z
  .string()
  .url()
  .refine((url) => /^rediss?:\/\//.test(url), 'must start with redis:// or rediss://');

/** An access token lives at most a day: a stolen one is worth that much at most. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;
/** A demoted admin or a deleted account is seen by every instance within this (see docs/security-auth.md). */
export const MAX_USER_CACHE_MS = 10_000;

/** Every environment variable the platform reads. `.env.example` documents each one. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  APP_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_HTTP_REQUESTS: bool.default('true'),
  TRUST_PROXY: trustProxy,
  SHUTDOWN_GRACE_MS: positiveInt.default(10000),
  WEB_DIST_DIR: z.string().min(1).optional(),

  DB_HOST: z.string().min(1).default('127.0.0.1'),
  DB_PORT: port.default(3306),
  DB_USERNAME: z.string().min(1),
  DB_PASSWORD: z.string().default(''),
  DB_DATABASE: z.string().regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only'),
  DB_POOL_SIZE: positiveInt.default(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt.default(5000),
  DB_MIGRATIONS_RUN: bool.default('false'),

  REDIS_URL: redisUrl,
  CACHE_REDIS_URL: redisUrl.optional(),
  /** Seed nodes `host:port,host:port,…` of a Redis Cluster for the flash-sale Redis; empty = REDIS_URL alone. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, 'a comma-separated list of host:port')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]*$/, 'letters, digits and _ : . - only')
    .default(''),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ISSUER: z.string().min(1).default('flash-sale'),
  JWT_AUDIENCE: z.string().min(1).default('flash-sale-api'),
  JWT_EXPIRES_IN_SECONDS: positiveInt
    .max(MAX_TOKEN_LIFETIME_SECONDS, 'must be at most 86400 (one day)')
    .default(3600),
  AUTH_USER_CACHE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_USER_CACHE_MS, 'must be at most 10000 (10 s)')
    .default(MAX_USER_CACHE_MS),

  PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(8192).default(19456),
  PASSWORD_HASH_ITERATIONS: z.coerce.number().int().min(2).default(2),

  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),

  LOGIN_RATE_LIMIT: positiveInt.default(10),
  LOGIN_RATE_WINDOW_SECONDS: positiveInt.default(60),
  REGISTER_RATE_LIMIT: positiveInt.default(5),
  REGISTER_RATE_WINDOW_SECONDS: positiveInt.default(600),
  PASSWORD_HASH_MAX_CONCURRENT: z.coerce.number().int().min(1).max(64).default(2),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  RATE_LIMIT_PER_ADDRESS: positiveInt.default(600),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  ORDER_RATE_LIMIT_PER_USER: positiveInt.default(20),
  ORDER_RATE_WINDOW_SECONDS: positiveInt.default(10),
  AUTO_BAN_AFTER_VIOLATIONS: positiveInt.default(20),
  AUTO_BAN_WINDOW_SECONDS: positiveInt.default(60),
  AUTO_BAN_SECONDS: positiveInt.default(900),
  IP_BAN_REFRESH_SECONDS: positiveInt.default(30),
  CAPTCHA_TTL_SECONDS: positiveInt.default(120),

  ORDERING_DEFAULT_STRATEGY: z.enum(STRATEGY_KINDS).default('sync'),
  ORDERING_SOLD_OUT_MEMORY_MS: positiveInt.default(2000),
  ORDER_EXPIRY_SWEEP_SECONDS: positiveInt.default(5),
  ORDER_QUEUE_MAX_WAITING: positiveInt.default(20000),
  ORDER_WORKER_CONCURRENCY: positiveInt.default(32),
  ORDER_JOB_ATTEMPTS: positiveInt.default(8),
  ORDER_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30000),
  ORDER_MAX_IN_FLIGHT: positiveInt.default(512),
  ORDER_WRITE_BATCH_MAX: positiveInt.default(100),
  STOCK_REPAIR_SECONDS: positiveInt.default(30),
  STOCK_STRANDED_AFTER_SECONDS: positiveInt.default(60),
  PAYMENT_SIMULATED_LATENCY_MS: z.coerce.number().int().min(0).max(60000).default(0),
  DB_ORDER_POOL_SIZE: positiveInt.default(10),
  BREAKER_MYSQL_TIMEOUT_MS: positiveInt.default(5000),
  BREAKER_REDIS_TIMEOUT_MS: positiveInt.default(1000),
  BREAKER_RESET_MS: positiveInt.default(3000),
  BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  BREAKER_VOLUME_THRESHOLD: positiveInt.default(5),

  SALE_CACHE_LOCAL_TTL_MS: positiveInt.default(1000),
  SALE_CACHE_REDIS_TTL_SECONDS: positiveInt.default(30),
  SALE_CACHE_NOT_FOUND_TTL_SECONDS: positiveInt.default(5),
  SALE_WARM_UP_LEAD_SECONDS: positiveInt.default(60),
  SALE_WARM_UP_SWEEP_SECONDS: positiveInt.default(15),
});

export type Env = z.input<typeof envSchema>;

/** The validated, typed configuration. Injected by class; built once at start-up. */
export class AppConfig {
  readonly env!: 'development' | 'production' | 'test';
  readonly role!: 'all' | 'api' | 'worker';
  readonly http!: {
    host: string;
    port: number;
    /** false: the socket's peer is the client; a hop count or the proxies' addresses/ranges otherwise. */
    trustProxy: TrustProxy;
    logRequests: boolean;
    bodyLimitBytes: number;
    shutdownGraceMs: number;
    /** The built web app (storefront and console); dist/web under the working directory by default. */
    webDistDir: string;
  };
  readonly logLevel!: string;
  readonly db!: {
    host: string;
    port: number;
    username: string;
    password: string;
    database: string;
    poolSize: number;
    orderPoolSize: number;
    connectTimeoutMs: number;
    migrationsRun: boolean;
  };
  readonly redis!: {
    url: string;
    cacheUrl: string;
    keyPrefix: string;
    /** Seed nodes of the flash-sale Redis Cluster; null = a single server at `url`. */
    clusterNodes: readonly { host: string; port: number }[] | null;
  };
  readonly jwt!: { secret: string; issuer: string; audience: string; expiresInSeconds: number };
  /** How long an instance trusts what it read of an account (exists, role) before reading it again. */
  readonly userCacheMs!: number;
  readonly passwordHash!: {
    memoryKib: number;
    iterations: number;
    /** Hashes computed at once per process; the rest wait their turn, off the libuv threadpool. */
    maxConcurrent: number;
  };
  readonly admin!: { email: string; password: string } | null;
  readonly loginRateLimit!: { limit: number; windowSeconds: number };
  /** POST /api/auth/register, per client address (each costs an Argon2 hash). */
  readonly registerRateLimit!: { limit: number; windowSeconds: number };
  /** GET /metrics wants `Authorization: Bearer <token>` when set; open when null. */
  readonly metricsToken!: string | null;
  readonly risk!: {
    /** Every route but /health and /metrics, per client address. */
    addressRateLimit: { limit: number; windowSeconds: number };
    /** The order endpoint, per signed-in user. */
    orderRateLimit: { limit: number; windowSeconds: number };
    autoBan: { afterViolations: number; windowSeconds: number; banSeconds: number };
    banRefreshSeconds: number;
    captchaTtlSeconds: number;
  };
  readonly ordering!: {
    defaultStrategy: StrategyKind;
    soldOutMemoryMs: number;
    expirySweepSeconds: number;
    maxWaitingJobs: number;
    workerConcurrency: number;
    jobAttempts: number;
    jobLockMs: number;
    maxInFlight: number;
    /** Orders of one stock row written in one MySQL transaction at most (1 = one order per transaction). */
    writeBatchMax: number;
    /** How often the worker's self-repair looks at running and recently ended sales. */
    repairSeconds: number;
    /** An attempt in the gate's in-flight list this long without an order is stranded (see stock-correctness). */
    strandedAfterMs: number;
    /** The simulated payment gateway's answer time. */
    paymentLatencyMs: number;
  };
  readonly resilience!: {
    mysqlTimeoutMs: number;
    redisTimeoutMs: number;
    resetMs: number;
    errorThresholdPercentage: number;
    volumeThreshold: number;
  };
  readonly catalog!: {
    cache: { localTtlMs: number; redisTtlSeconds: number; notFoundTtlSeconds: number };
    warmUp: { leadSeconds: number; sweepSeconds: number };
  };

  static fromEnv(source: Record<string, string | undefined>): AppConfig {
    const parsed = envSchema.safeParse(blankToUndefined(source));
    if (!parsed.success) throw new InvalidConfigError(parsed.error);
    const e = parsed.data;
    if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
      throw new InvalidConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
    }
    if (e.NODE_ENV === 'production') {
      const problems = productionSecretProblems(e);
      if (problems.length > 0) {
        throw new InvalidConfigError(
          `refused in production (NODE_ENV=production):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
        );
      }
    }
    return Object.freeze(
      Object.assign(new AppConfig(), {
        env: e.NODE_ENV,
        role: e.APP_ROLE,
        http: {
          host: e.HOST,
          port: e.PORT,
          trustProxy: e.TRUST_PROXY,
          logRequests: e.LOG_HTTP_REQUESTS,
          bodyLimitBytes: 16 * 1024,
          shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
          webDistDir: e.WEB_DIST_DIR ?? join(process.cwd(), 'dist', 'web'),
        },
        logLevel: e.LOG_LEVEL,
        db: {
          host: e.DB_HOST,
          port: e.DB_PORT,
          username: e.DB_USERNAME,
          password: e.DB_PASSWORD,
          database: e.DB_DATABASE,
          poolSize: e.DB_POOL_SIZE,
          orderPoolSize: e.DB_ORDER_POOL_SIZE,
          connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
          migrationsRun: e.DB_MIGRATIONS_RUN,
        },
        redis: {
          url: e.REDIS_URL,
          cacheUrl: e.CACHE_REDIS_URL ?? e.REDIS_URL,
          keyPrefix: e.REDIS_KEY_PREFIX,
          clusterNodes: e.REDIS_CLUSTER_NODES === undefined ? null : parseNodes(e.REDIS_CLUSTER_NODES),
        },
        jwt: {
          secret: e.JWT_SECRET,
          issuer: e.JWT_ISSUER,
          audience: e.JWT_AUDIENCE,
          expiresInSeconds: e.JWT_EXPIRES_IN_SECONDS,
        },
        userCacheMs: e.AUTH_USER_CACHE_MS,
        passwordHash: {
          memoryKib: e.PASSWORD_HASH_MEMORY_KIB,
          iterations: e.PASSWORD_HASH_ITERATIONS,
          maxConcurrent: e.PASSWORD_HASH_MAX_CONCURRENT,
        },
        admin:
          e.ADMIN_EMAIL !== undefined && e.ADMIN_PASSWORD !== undefined
            ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD }
            : null,
        loginRateLimit: { limit: e.LOGIN_RATE_LIMIT, windowSeconds: e.LOGIN_RATE_WINDOW_SECONDS },
        registerRateLimit: { limit: e.REGISTER_RATE_LIMIT, windowSeconds: e.REGISTER_RATE_WINDOW_SECONDS },
        metricsToken: e.METRICS_TOKEN ?? null,
        risk: {
          addressRateLimit: { limit: e.RATE_LIMIT_PER_ADDRESS, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
          orderRateLimit: { limit: e.ORDER_RATE_LIMIT_PER_USER, windowSeconds: e.ORDER_RATE_WINDOW_SECONDS },
          autoBan: {
            afterViolations: e.AUTO_BAN_AFTER_VIOLATIONS,
            windowSeconds: e.AUTO_BAN_WINDOW_SECONDS,
            banSeconds: e.AUTO_BAN_SECONDS,
          },
          banRefreshSeconds: e.IP_BAN_REFRESH_SECONDS,
          captchaTtlSeconds: e.CAPTCHA_TTL_SECONDS,
        },
        ordering: {
          defaultStrategy: e.ORDERING_DEFAULT_STRATEGY,
          soldOutMemoryMs: e.ORDERING_SOLD_OUT_MEMORY_MS,
          expirySweepSeconds: e.ORDER_EXPIRY_SWEEP_SECONDS,
          maxWaitingJobs: e.ORDER_QUEUE_MAX_WAITING,
          workerConcurrency: e.ORDER_WORKER_CONCURRENCY,
          jobAttempts: e.ORDER_JOB_ATTEMPTS,
          jobLockMs: e.ORDER_JOB_LOCK_MS,
          maxInFlight: e.ORDER_MAX_IN_FLIGHT,
          writeBatchMax: e.ORDER_WRITE_BATCH_MAX,
          repairSeconds: e.STOCK_REPAIR_SECONDS,
          // Never shorter than an order write may take (its commit deadline), with a margin.
          strandedAfterMs: Math.max(e.STOCK_STRANDED_AFTER_SECONDS * 1000, e.BREAKER_MYSQL_TIMEOUT_MS + 2000),
          paymentLatencyMs: e.PAYMENT_SIMULATED_LATENCY_MS,
        },
        resilience: {
          mysqlTimeoutMs: e.BREAKER_MYSQL_TIMEOUT_MS,
          redisTimeoutMs: e.BREAKER_REDIS_TIMEOUT_MS,
          resetMs: e.BREAKER_RESET_MS,
          errorThresholdPercentage: e.BREAKER_ERROR_PERCENT,
          volumeThreshold: e.BREAKER_VOLUME_THRESHOLD,
        },
        catalog: {
          cache: {
            localTtlMs: e.SALE_CACHE_LOCAL_TTL_MS,
            redisTtlSeconds: e.SALE_CACHE_REDIS_TTL_SECONDS,
            notFoundTtlSeconds: e.SALE_CACHE_NOT_FOUND_TTL_SECONDS,
          },
          warmUp: { leadSeconds: e.SALE_WARM_UP_LEAD_SECONDS, sweepSeconds: e.SALE_WARM_UP_SWEEP_SECONDS },
        },
      }),
    );
  }

  get runsApi(): boolean {
    return this.role !== 'worker';
  }

  get runsWorker(): boolean {
    return this.role !== 'api';
  }
}

/** Start-up stops with this; its message names every bad or missing variable. */
export class InvalidConfigError extends Error {
  constructor(problem: z.ZodError | string) {
    super(
      typeof problem === 'string'
        ? `Invalid configuration: ${problem}`
        : `Invalid configuration:\n${problem.issues
            .map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
            .join('\n')}`,
    );
    this.name = 'InvalidConfigError';
  }
}

function parseNodes(list: string): { host: string; port: number }[] {
  return list.split(',').map((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  });
}

function blankToUndefined(source: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(source).map(([key, value]) => [key, value === '' ? undefined : value]),
  );
}
