import { randomBytes } from 'node:crypto';
import { AddressedClient } from '../risk/risk-support';
import { startTestApp, type TestApp } from '../support/test-app';

/** Each registration costs an Argon2 hash: a flood from one address is refused before any is computed. */
describe('registration limited per client address (real HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: '1',
      REGISTER_RATE_LIMIT: '3',
      REGISTER_RATE_WINDOW_SECONDS: '60',
    });
  });
  afterAll(() => t.close());

  const register = (client: AddressedClient) =>
    client.post('/api/auth/register', {
      email: `flood-${randomBytes(4).toString('hex')}@test.local`,
      password: 'flood-pass-1',
      displayName: 'Flood',
    });
  const users = async () =>
    Number((await t.environment.db.query("SELECT COUNT(*) AS n FROM users WHERE email LIKE 'flood-%'"))[0].n);

  it('allows REGISTER_RATE_LIMIT per address per window, then 429 with Retry-After, and stores nothing more', async () => {
    const flooder = new AddressedClient(t.baseUrl, '203.0.113.40');
    const first = await register(flooder);
    expect(first.headers.get('x-ratelimit-limit-register')).toBe('3');
    const statuses = [first.status];
    for (let i = 0; i < 4; i++) statuses.push((await register(flooder)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await register(flooder);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS', details: [] });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await users()).toBe(3);
    // Another address has its own budget; the login limit is apart from it.
    expect((await register(new AddressedClient(t.baseUrl, '203.0.113.41'))).status).toBe(201);
    expect(await users()).toBe(4);
  });

  it('counts an IPv6 client by its /64', async () => {
    const statuses = [];
    for (let i = 1; i <= 4; i++) {
      statuses.push((await register(new AddressedClient(t.baseUrl, `2001:db8:77:1::${i}`))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});
