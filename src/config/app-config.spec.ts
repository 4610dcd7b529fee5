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
