import { registerAndLogIn } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/test-app';

describe('HTTP conventions and operations (real HTTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('every error has the one body of API.md', () => {
    it('unknown route → 404 NOT_FOUND', async () => {
      const res = await t.http.get('/api/no-such-thing');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: expect.any(String),
        details: [],
      });
    });

    it('malformed JSON → 400 BAD_REQUEST', async () => {
      const res = await t.http.post('/api/auth/login', undefined, { raw: '{"email": "a@b.co", ' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'BAD_REQUEST',
        message: expect.any(String),
        details: [],
      });
    });

    it('a JSON body that is not an object → 400 VALIDATION_FAILED', async () => {
      const res = await t.http.post('/api/auth/login', undefined, { raw: '[1,2,3]' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'body', message: 'must be a JSON object' }],
      });
    });

    it('a body over 16 KiB → 413 PAYLOAD_TOO_LARGE, and nothing is stored', async () => {
      const res = await t.http.post('/api/auth/register', {
        email: 'big@example.com',
        password: 'big-body-1',
        displayName: 'x'.repeat(17 * 1024),
      });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.any(String),
        details: [],
      });
      const rows = await t.environment.db.query("SELECT id FROM users WHERE email = 'big@example.com'");
      expect(rows).toHaveLength(0);
    });

    it('unknown fields → 400 VALIDATION_FAILED naming them', async () => {
      const res = await t.http.post('/api/auth/login', { email: 'a@b.co', password: 'x', isAdmin: true });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ field: 'isAdmin', message: 'is not an accepted field' }]);
    });

    it('an unexpected failure → 500 INTERNAL with a correlation id, and no stack or SQL', async () => {
      await t.environment.db.query('RENAME TABLE users TO users_moved_away');
      try {
        const res = await t.http.post('/api/auth/register', {
          email: 'fault@example.com',
          password: 'fault-pass-1',
          displayName: 'Fault',
        });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({
          statusCode: 500,
          code: 'INTERNAL',
          message: expect.stringContaining(res.body.correlationId),
          details: [],
          correlationId: expect.any(String),
        });
        expect(res.headers.get('x-request-id')).toBe(res.body.correlationId);
        expect(res.text).not.toMatch(/users|INSERT|SELECT|ER_|at .*\.ts|node_modules/i);
      } finally {
        await t.environment.db.query('RENAME TABLE users_moved_away TO users');
      }
    });
  });

  describe('request ids', () => {
    it('answers with a fresh X-Request-Id, or the caller’s when it is sane', async () => {
      const fresh = await t.http.get('/health/live');
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const given = await t.http.get('/health/live', { headers: { 'x-request-id': 'edge-42.abc' } });
      expect(given.headers.get('x-request-id')).toBe('edge-42.abc');
      const insane = await t.http.get('/health/live', { headers: { 'x-request-id': 'x'.repeat(300) } });
      expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('login limit per client address', () => {
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startTestApp({
        LOGIN_RATE_LIMIT: '3',
        LOGIN_RATE_WINDOW_SECONDS: '2',
        TRUST_PROXY: '1',
      });
    });
    afterAll(() => limited.close());

    it('allows the configured count per address, then 429 with Retry-After, and resets after the window', async () => {
      const attempt = (ip: string) =>
        limited.http.post(
          '/api/auth/login',
          { email: 'nobody@example.com', password: 'wrong-pass-1' },
          { headers: { 'x-forwarded-for': ip } },
        );
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt('203.0.113.7')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);

      const blocked = await attempt('203.0.113.7');
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS', details: [] });
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      // Another address (the one the trusted proxy appended) has its own budget.
      expect((await attempt('198.51.100.9')).status).toBe(401);

      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect((await attempt('203.0.113.7')).status).toBe(401);
    });
  });

  describe('operations', () => {
    it('/health/live and /health/ready are public and report MySQL, Redis and the queue', async () => {
      expect((await t.http.get('/health/live')).status).toBe(200);
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info).toEqual({
        mysql: { status: 'up' },
        redis: { status: 'up' },
        queue: { status: 'up' },
        circuits: { status: 'up' },
      });
    });

    it('/metrics exposes process metrics and HTTP durations by route pattern and status', async () => {
      const shopper = await registerAndLogIn(t.http);
      await t.http.get('/api/auth/me', { token: shopper.token });
      const res = await t.http.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      expect(res.text).toMatch(/process_cpu_user_seconds_total/);
      expect(res.text).toMatch(
        /http_request_duration_seconds_bucket\{.*method="GET",route="\/api\/auth\/me",status="200"/,
      );
    });

    it('/docs serves the OpenAPI UI and /docs-json documents every endpoint with DTO constraints', async () => {
      expect((await t.http.get('/docs')).status).toBe(200);
      const doc = (await t.http.get('/docs-json')).body;
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/auth/register',
          '/api/auth/login',
          '/api/auth/me',
          '/api/admin/users',
          '/api/notifications',
          '/health/live',
          '/health/ready',
          '/metrics',
        ]),
      );
      const register = doc.components.schemas.RegisterRequestDto;
      expect(register.required).toEqual(expect.arrayContaining(['email', 'password', 'displayName']));
      expect(register.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
      expect(register.properties.email).toMatchObject({ format: 'email' });
      expect(
        doc.paths['/api/auth/login'].post.responses['401'].content['application/json'].schema.$ref,
      ).toMatch(/ErrorBodyDto/);
    });
  });
});
