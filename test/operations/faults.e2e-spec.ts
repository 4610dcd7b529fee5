import { eventually } from '../support/accounts';
import { HttpClient } from '../support/http-client';
import { freePort, spawnEntryPoint, startRedisServer, waitForPort } from '../support/processes';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestEnvironment, type TestEnvironment } from '../support/test-environment';

describe('faults', () => {
  it('start-up with MySQL down fails fast, naming MySQL and where it looked', async () => {
    const environment = await createTestEnvironment();
    try {
      const started = Date.now();
      const app = spawnEntryPoint('src/main.ts', { ...environment.env, DB_PORT: String(await freePort()) });
      const code = await app.exited;
      expect(code).toBe(1);
      expect(Date.now() - started).toBeLessThan(20000);
      expect(app.output()).toMatch(
        /Start-up failed: cannot connect to MySQL at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
      );
    } finally {
      await environment.dispose();
    }
  });

  it('start-up with a bad variable stops with a message naming it', async () => {
    const app = spawnEntryPoint('src/main.ts', {
      ...(process.env as Record<string, string>),
      JWT_SECRET: 'too-short',
      PORT: 'eighty',
    });
    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/PORT/);
    expect(app.output()).toMatch(/JWT_SECRET: must be at least 32 characters/);
  });

  describe('when Redis goes away', () => {
    let redis: Awaited<ReturnType<typeof startRedisServer>>;
    let t: TestApp;

    beforeAll(async () => {
      redis = await startRedisServer();
      t = await startTestApp({ REDIS_URL: redis.url, CACHE_REDIS_URL: redis.url });
    });
    afterAll(async () => {
      await t.close().catch(() => undefined);
      await redis.stop();
    });

    it('/health/ready turns 503 while the API stays up, and recovers when Redis returns', async () => {
      expect((await t.http.get('/health/ready')).status).toBe(200);
      await redis.stop();

      const notReady = await eventually(async () => {
        const res = await t.http.get('/health/ready');
        return res.status === 503 ? res : undefined;
      });
      expect(notReady.body).toMatchObject({ statusCode: 503, code: 'BUSY' });
      expect((notReady.body.details as { field: string }[]).map((d) => d.field)).toEqual(
        expect.arrayContaining(['redis', 'queue']),
      );
      expect(notReady.headers.get('retry-after')).toBe('1');
      expect((await t.http.get('/health/live')).status).toBe(200);

      // Registration does not depend on Redis: the account is created, only its welcome note is skipped.
      const registered = await t.http.post('/api/auth/register', {
        email: 'during-outage@example.com',
        password: 'outage-pass-1',
        displayName: 'Outage',
      });
      expect(registered.status).toBe(201);

      redis = await startRedisServer(redis.port);
      await eventually(
        async () => ((await t.http.get('/health/ready')).status === 200 ? true : undefined),
        15000,
      );
    });
  });

  describe('graceful shutdown', () => {
    let environment: TestEnvironment;
    beforeAll(async () => {
      environment = await createTestEnvironment();
    });
    afterAll(() => environment.dispose());

    // Nest re-raises the signal once every shutdown hook has run, so the process ends by SIGTERM (status 143).
    it('on SIGTERM the API stops accepting, closes workers and pools, and ends within the grace period', async () => {
      const port = await freePort();
      const app = spawnEntryPoint('src/main.ts', {
        ...environment.env,
        PORT: String(port),
        LOG_LEVEL: 'info',
      });
      await waitForPort(port, 30000);
      const http = new HttpClient(`http://127.0.0.1:${port}`);
      expect((await http.get('/health/ready')).status).toBe(200);

      const stopping = Date.now();
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe('SIGTERM');
      expect(Date.now() - stopping).toBeLessThan(environment.config.http.shutdownGraceMs);
      expect(app.output()).toMatch(/Stopped cleanly \(SIGTERM\)/);
      expect(app.output()).not.toMatch(/Shutdown took longer/);
      await expect(http.get('/health/live')).rejects.toThrow();
    });
  });
});
