import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../../src/bootstrap/create-http-app';
import { AppConfig } from '../../src/config/app-config';
import { logInAsAdmin } from './accounts';
import { HttpClient } from './http-client';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

/** A real app (Fastify, MySQL, Redis, BullMQ) on a real port of 127.0.0.1, in its own environment. */
export interface TestApp {
  app: NestFastifyApplication;
  http: HttpClient;
  baseUrl: string;
  environment: TestEnvironment;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const environment = await createTestEnvironment(overrides);
  const instance = await startAppInstance(environment.config);
  return {
    ...instance,
    environment,
    async close() {
      await instance.close();
      await environment.dispose();
    },
  };
}

/** A test app with the seeded admin signed in: what most suites start with. */
export interface AdminTestApp extends TestApp {
  /** The admin's access token. */
  admin: string;
  /** The client the admin signed in with (`http` unless `adminClient` made another). */
  adminHttp: HttpClient;
}

export async function startAppWithAdmin(
  overrides: Record<string, string> = {},
  options: { adminClient?: (baseUrl: string) => HttpClient } = {},
): Promise<AdminTestApp> {
  const t = await startTestApp(overrides);
  try {
    const adminHttp = options.adminClient?.(t.baseUrl) ?? t.http;
    return { ...t, admin: await logInAsAdmin(adminHttp), adminHttp };
  } catch (error) {
    await t.close();
    throw error;
  }
}

/** Another instance on the same database and Redis, as a second server behind a load balancer would be. */
export async function startAppInstance(
  config: AppConfig,
  overrides: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; http: HttpClient; baseUrl: string; close(): Promise<void> }> {
  const instanceConfig = Object.keys(overrides).length
    ? AppConfig.fromEnv({ ...configToEnvOverrides(config), ...overrides })
    : config;
  const app = await createHttpApp(instanceConfig);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('The test app has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return { app, http: new HttpClient(baseUrl), baseUrl, close: () => app.close() };
}

function configToEnvOverrides(config: AppConfig): Record<string, string> {
  return {
    NODE_ENV: config.env,
    APP_ROLE: config.role,
    LOG_LEVEL: config.logLevel,
    LOG_HTTP_REQUESTS: String(config.http.logRequests),
    TRUST_PROXY: Array.isArray(config.http.trustProxy)
      ? config.http.trustProxy.join(',')
      : String(config.http.trustProxy),
    DB_HOST: config.db.host,
    DB_PORT: String(config.db.port),
    DB_USERNAME: config.db.username,
    DB_PASSWORD: config.db.password,
    DB_DATABASE: config.db.database,
    REDIS_URL: config.redis.url,
    CACHE_REDIS_URL: config.redis.cacheUrl,
    REDIS_KEY_PREFIX: config.redis.keyPrefix,
    JWT_SECRET: config.jwt.secret,
    AUTH_USER_CACHE_MS: String(config.userCacheMs),
    PASSWORD_HASH_MEMORY_KIB: String(config.passwordHash.memoryKib),
    LOGIN_RATE_LIMIT: String(config.loginRateLimit.limit),
    LOGIN_RATE_WINDOW_SECONDS: String(config.loginRateLimit.windowSeconds),
    REGISTER_RATE_LIMIT: String(config.registerRateLimit.limit),
    REGISTER_RATE_WINDOW_SECONDS: String(config.registerRateLimit.windowSeconds),
    RATE_LIMIT_PER_ADDRESS: String(config.risk.addressRateLimit.limit),
    RATE_LIMIT_WINDOW_SECONDS: String(config.risk.addressRateLimit.windowSeconds),
    ORDER_RATE_LIMIT_PER_USER: String(config.risk.orderRateLimit.limit),
    ORDER_RATE_WINDOW_SECONDS: String(config.risk.orderRateLimit.windowSeconds),
    AUTO_BAN_AFTER_VIOLATIONS: String(config.risk.autoBan.afterViolations),
    AUTO_BAN_WINDOW_SECONDS: String(config.risk.autoBan.windowSeconds),
    AUTO_BAN_SECONDS: String(config.risk.autoBan.banSeconds),
    IP_BAN_REFRESH_SECONDS: String(config.risk.banRefreshSeconds),
    CAPTCHA_TTL_SECONDS: String(config.risk.captchaTtlSeconds),
    ORDERING_DEFAULT_STRATEGY: config.ordering.defaultStrategy,
  };
}
