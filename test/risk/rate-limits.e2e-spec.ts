import { logInAsAdmin } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/test-app';
import { AddressedClient, RoamingClient, sleep } from './risk-support';

describe('rate limits per client address (real HTTP, shared Redis store)', () => {
  let t: TestApp;
  const from = (address: string) => new AddressedClient(t.baseUrl, address);

  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: '1',
      RATE_LIMIT_PER_ADDRESS: '5',
      RATE_LIMIT_WINDOW_SECONDS: '2',
      LOGIN_RATE_LIMIT: '2',
      LOGIN_RATE_WINDOW_SECONDS: '60',
    });
  });
  afterAll(() => t.close());

  it('allows RATE_LIMIT_PER_ADDRESS requests over all routes together, then 429 with Retry-After, and resets after the window', async () => {
    const client = from('203.0.113.10');
    const statuses = [
      (await client.get('/api/auth/me')).status,
      (await client.get('/api/notifications')).status,
      (await client.post('/api/auth/register', { email: 'not-an-email' })).status,
      (await client.get('/api/admin/users')).status,
      (await client.get('/api/auth/me')).status,
    ];
    expect(statuses).toEqual([401, 401, 400, 401, 401]);

    const limited = await client.get('/api/auth/me');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: expect.any(String),
      details: [],
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Checked before the token: an over-limit caller is refused without any token work, admin routes too.
    expect((await client.get('/api/admin/users')).status).toBe(429);

    // Health and metrics are never limited.
    for (let i = 0; i < 8; i++) expect((await client.get('/health/live')).status).toBe(200);
    expect((await client.get('/health/ready')).status).toBe(200);
    expect((await client.get('/metrics')).status).toBe(200);

    // Another address has a budget of its own.
    expect((await from('198.51.100.10').get('/api/auth/me')).status).toBe(401);

    await sleep(2300);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('says how much of the budget is left', async () => {
    const res = await from('203.0.113.11').get('/api/auth/me');
    expect(res.headers.get('x-ratelimit-limit')).toBe('5');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
  });

  it('counts a login against both the login limit and the global one', async () => {
    const client = from('203.0.113.12');
    const login = () =>
      client.post('/api/auth/login', { email: 'nobody@example.com', password: 'wrong-pass-1' });
    // The login limit (2) trips first; every attempt also spent one of the address's 5.
    expect([(await login()).status, (await login()).status, (await login()).status]).toEqual([401, 401, 429]);
    expect([(await client.get('/api/auth/me')).status, (await client.get('/api/auth/me')).status]).toEqual([
      401, 401,
    ]);
    expect((await client.get('/api/auth/me')).status).toBe(429);
  });

  it('lets a crowd behind distinct addresses through, each with its own budget', async () => {
    const admin = await logInAsAdmin(new RoamingClient(t.baseUrl));
    const crowd = Array.from({ length: 60 }, (_, i) => from(`192.0.2.${i + 1}`));
    const answers = await Promise.all(
      crowd.flatMap((client) => [1, 2, 3].map(() => client.get('/api/auth/me', { token: admin }))),
    );
    expect(answers.map((res) => res.status).filter((status) => status !== 200)).toEqual([]);
  });
});
