import { AppConfig, InvalidConfigError } from './app-config';

const minimal = {
  DB_USERNAME: 'flashsale',
  DB_DATABASE: 'flash_sale',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe('AppConfig.fromEnv', () => {
  it('applies defaults and derives the cache Redis from REDIS_URL', () => {
    const config = AppConfig.fromEnv(minimal);
    expect(config.http.port).toBe(3000);
    expect(config.role).toBe('all');
    expect(config.redis.cacheUrl).toBe('redis://127.0.0.1:6379');
    expect(config.ordering.defaultStrategy).toBe('sync');
    expect(config.loginRateLimit).toEqual({ limit: 10, windowSeconds: 60 });
    expect(config.admin).toBeNull();
    expect(config.runsApi && config.runsWorker).toBe(true);
  });

  it('applies the risk defaults (rate limits, automatic bans, ban refresh, captcha)', () => {
    expect(AppConfig.fromEnv(minimal).risk).toEqual({
      addressRateLimit: { limit: 600, windowSeconds: 60 },
      orderRateLimit: { limit: 20, windowSeconds: 10 },
      autoBan: { afterViolations: 20, windowSeconds: 60, banSeconds: 900 },
      banRefreshSeconds: 30,
      captchaTtlSeconds: 120,
    });
    expect(() => AppConfig.fromEnv({ ...minimal, RATE_LIMIT_PER_ADDRESS: '0' })).toThrow(
      /RATE_LIMIT_PER_ADDRESS/,
    );
  });

  it('names every missing or bad variable', () => {
    const attempt = () => AppConfig.fromEnv({ PORT: 'eighty', JWT_SECRET: 'short', REDIS_URL: 'http://x' });
    expect(attempt).toThrow(InvalidConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/DB_USERNAME/);
    expect(attempt).toThrow(/DB_DATABASE/);
    expect(attempt).toThrow(/JWT_SECRET: must be at least 32 characters/);
    expect(attempt).toThrow(/REDIS_URL/);
  });

  it('treats an empty value as unset', () => {
    expect(AppConfig.fromEnv({ ...minimal, CACHE_REDIS_URL: '' }).redis.cacheUrl).toBe(minimal.REDIS_URL);
  });

  it('parses booleans strictly', () => {
    expect(AppConfig.fromEnv({ ...minimal, LOG_HTTP_REQUESTS: 'false' }).http.logRequests).toBe(false);
    expect(() => AppConfig.fromEnv({ ...minimal, LOG_HTTP_REQUESTS: 'maybe' })).toThrow(/LOG_HTTP_REQUESTS/);
  });

  it('reads TRUST_PROXY as a hop count or the proxies\' addresses, and refuses "true"', () => {
    const trust = (value?: string) => AppConfig.fromEnv({ ...minimal, TRUST_PROXY: value }).http.trustProxy;
    expect(trust(undefined)).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 127.0.0.1,::1,fd00::/8')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
    ]);
    expect(() => trust('true')).toThrow(/TRUST_PROXY: give the number of proxies/);
    expect(() => trust('maybe')).toThrow(/TRUST_PROXY/);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => trust('10.0.0.1,')).toThrow(/TRUST_PROXY/);
  });

  it('limits registration per address, bounds concurrent hashes, and protects /metrics only when asked', () => {
    const config = AppConfig.fromEnv(minimal);
    expect(config.registerRateLimit).toEqual({ limit: 5, windowSeconds: 600 });
    expect(config.passwordHash.maxConcurrent).toBe(2);
    expect(config.metricsToken).toBeNull();
    expect(AppConfig.fromEnv({ ...minimal, METRICS_TOKEN: 'm'.repeat(16) }).metricsToken).toBe(
      'm'.repeat(16),
    );
    expect(() => AppConfig.fromEnv({ ...minimal, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('wants the admin email and password together', () => {
    expect(() => AppConfig.fromEnv({ ...minimal, ADMIN_EMAIL: 'a@b.co' })).toThrow(/together/);
    const config = AppConfig.fromEnv({ ...minimal, ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'secret123' });
    expect(config.admin).toEqual({ email: 'a@b.co', password: 'secret123' });
  });

  it('rejects an unknown ordering strategy and role', () => {
    expect(() => AppConfig.fromEnv({ ...minimal, ORDERING_DEFAULT_STRATEGY: 'magic' })).toThrow(
      /ORDERING_DEFAULT_STRATEGY/,
    );
    expect(() => AppConfig.fromEnv({ ...minimal, APP_ROLE: 'both' })).toThrow(/APP_ROLE/);
  });
});

describe('AppConfig.fromEnv in production', () => {
  const strongSecret = 'q8Zt3vN1xK7pL0mR5sW2yB9cD4fG6hJ0'; // 32 characters, no repeats to speak of
  const production = {
    ...minimal,
    NODE_ENV: 'production',
    JWT_SECRET: strongSecret,
    DB_PASSWORD: 'db-Tq83mvZ0pL',
    ADMIN_EMAIL: 'ops@shop.test',
    ADMIN_PASSWORD: 'Vq7#mZ2pL9xR',
  };

  it('starts with secrets of its own', () => {
    expect(AppConfig.fromEnv(production).env).toBe('production');
  });

  it("refuses .env.example's JWT secret and admin password, naming each variable", () => {
    const attempt = () =>
      AppConfig.fromEnv({
        ...production,
        JWT_SECRET: 'change-me-to-a-long-random-secret-of-64-hex-chars',
        ADMIN_PASSWORD: 'admin-password-1',
      });
    expect(attempt).toThrow(InvalidConfigError);
    expect(attempt).toThrow(/JWT_SECRET is a value published in this repository/);
    expect(attempt).toThrow(/ADMIN_PASSWORD is a value published in this repository/);
  });

  it('refuses a weak JWT secret and admin password', () => {
    expect(() => AppConfig.fromEnv({ ...production, JWT_SECRET: 'ab'.repeat(20) })).toThrow(
      /JWT_SECRET is too weak/,
    );
    expect(() => AppConfig.fromEnv({ ...production, ADMIN_PASSWORD: 'aaaaaaaaaaaa1' })).toThrow(
      /ADMIN_PASSWORD is too weak/,
    );
    expect(() => AppConfig.fromEnv({ ...production, ADMIN_PASSWORD: 'Short-pw-1' })).toThrow(
      /ADMIN_PASSWORD is too weak/,
    );
  });

  it('refuses the published database and Redis passwords', () => {
    expect(() => AppConfig.fromEnv({ ...production, DB_PASSWORD: 'flashsale' })).toThrow(/DB_PASSWORD/);
    expect(() =>
      AppConfig.fromEnv({ ...production, REDIS_URL: 'redis://:flashsale@127.0.0.1:6379/0' }),
    ).toThrow(/REDIS_URL \(its password\)/);
  });

  it('lets development keep the demo values', () => {
    const config = AppConfig.fromEnv({
      ...production,
      NODE_ENV: 'development',
      JWT_SECRET: 'change-me-to-a-long-random-secret-of-64-hex-chars',
      ADMIN_PASSWORD: 'admin-password-1',
      DB_PASSWORD: 'flashsale',
    });
    expect(config.admin?.password).toBe('admin-password-1');
  });
});

describe('AppConfig.fromEnv token settings', () => {
  it('bounds the token lifetime at one day', () => {
    expect(AppConfig.fromEnv({ ...minimal, JWT_EXPIRES_IN_SECONDS: '86400' }).jwt.expiresInSeconds).toBe(
      86400,
    );
    expect(() => AppConfig.fromEnv({ ...minimal, JWT_EXPIRES_IN_SECONDS: '86401' })).toThrow(
      /JWT_EXPIRES_IN_SECONDS: must be at most 86400/,
    );
  });

  it('caches what it read of an account for at most 10 s', () => {
    expect(AppConfig.fromEnv(minimal).userCacheMs).toBe(10000);
    expect(() => AppConfig.fromEnv({ ...minimal, AUTH_USER_CACHE_MS: '10001' })).toThrow(
      /AUTH_USER_CACHE_MS/,
    );
  });
});
