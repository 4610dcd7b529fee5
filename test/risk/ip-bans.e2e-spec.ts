import { eventually, registerAndLogIn } from '../support/accounts';
import { type HttpClient } from '../support/http-client';
import { type AdminTestApp, startAppInstance, startAppWithAdmin } from '../support/test-app';
import { AddressedClient, IP_BANNED_BODY, randomAddress, RoamingClient, sleep } from './risk-support';

describe('IP bans (real HTTP, MySQL, Redis pub/sub)', () => {
  let t: AdminTestApp;
  let admin: string;
  let adminHttp: HttpClient;
  const from = (address: string, baseUrl = t.baseUrl) => new AddressedClient(baseUrl, address);
  const ban = (body: Record<string, unknown>) => adminHttp.post('/api/admin/ip-bans', body, { token: admin });
  const lift = (ip: string) => adminHttp.delete(`/api/admin/ip-bans/${ip}`, { token: admin });
  const list = async (): Promise<{ items: { ip: string }[] }> =>
    (await adminHttp.get('/api/admin/ip-bans', { token: admin })).body;
  const countRows = async () =>
    Number((await t.environment.db.query('SELECT COUNT(*) AS n FROM ip_bans'))[0].n);

  beforeAll(async () => {
    t = await startAppWithAdmin(
      { TRUST_PROXY: '1' },
      { adminClient: (baseUrl) => new RoamingClient(baseUrl) },
    );
    ({ admin, adminHttp } = t);
  });
  afterAll(() => t.close());

  describe('admin only', () => {
    it('401 without a token, 403 FORBIDDEN for a customer, on every ip-ban endpoint', async () => {
      const customer = await registerAndLogIn(adminHttp);
      expect((await adminHttp.get('/api/admin/ip-bans')).status).toBe(401);
      const attempts = [
        await adminHttp.get('/api/admin/ip-bans', { token: customer.token }),
        await adminHttp.post('/api/admin/ip-bans', { ip: '203.0.113.99' }, { token: customer.token }),
        await adminHttp.delete('/api/admin/ip-bans/203.0.113.99', { token: customer.token }),
      ];
      for (const res of attempts) expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      expect(await countRows()).toBe(0);
    });
  });

  describe('banning', () => {
    it('refuses a banned address with 403 IP_BANNED on every route but /health, and lifts it on DELETE', async () => {
      const banned = from('203.0.113.20');
      const shopper = await registerAndLogIn(banned);

      const created = await ban({ ip: '203.0.113.20', reason: 'card testing' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        ip: '203.0.113.20',
        reason: 'card testing',
        createdAt: expect.any(String),
        expiresAt: null,
        createdBy: expect.stringMatching(/^\d+$/),
      });
      expect(Date.parse(created.body.createdAt)).toBeGreaterThan(Date.now() - 10_000);
      expect((await list()).items).toEqual([created.body]);

      const refused = [
        await banned.get('/api/auth/me', { token: shopper.token }),
        await banned.post('/api/auth/login', { email: shopper.email, password: shopper.password }),
        await banned.get('/api/admin/ip-bans', { token: admin }),
        await banned.get('/docs'),
        await banned.get('/docs-json'),
        await banned.get('/api/no-such-thing'),
        await banned.get('/metrics'),
      ];
      for (const res of refused) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual(IP_BANNED_BODY);
        expect(res.headers.get('x-request-id')).toBeTruthy();
      }
      expect((await banned.get('/health/live')).status).toBe(200);
      expect((await banned.get('/health/ready')).status).toBe(200);
      // Other addresses are untouched.
      expect((await from('203.0.113.21').get('/api/auth/me', { token: shopper.token })).status).toBe(200);

      const lifted = await lift('203.0.113.20');
      expect(lifted.status).toBe(204);
      expect(lifted.text).toBe('');
      expect((await banned.get('/api/auth/me', { token: shopper.token })).status).toBe(200);
      expect((await list()).items).toEqual([]);
      expect(await countRows()).toBe(0);

      const again = await lift('203.0.113.20');
      expect(again.status).toBe(404);
      expect(again.body).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: expect.any(String),
        details: [],
      });
    });

    it('lets a ban with ttlSeconds expire by itself, and hides it from the list', async () => {
      const created = await ban({ ip: '203.0.113.30', ttlSeconds: 1 });
      expect(created.status).toBe(201);
      expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(1000);
      expect(created.body.reason).toBe('banned by an administrator');
      const [row] = await t.environment.db.query("SELECT expires_at FROM ip_bans WHERE ip = '203.0.113.30'");
      expect(row.expires_at).toBeInstanceOf(Date);

      const client = from('203.0.113.30');
      expect((await client.get('/api/no-such-thing')).status).toBe(403);
      expect((await list()).items.map((item) => item.ip)).toEqual(['203.0.113.30']);
      await sleep(1100);
      expect((await client.get('/api/no-such-thing')).status).toBe(404);
      expect((await list()).items).toEqual([]);
      // An expired ban is no ban: lifting it is a 404.
      expect((await lift('203.0.113.30')).status).toBe(404);
    });

    it('matches an address however it is written (IPv6 compressed, IPv4-mapped)', async () => {
      const v6 = await ban({ ip: '2001:0DB8:0:0:0:0:0:7' });
      expect(v6.body.ip).toBe('2001:db8::7');
      expect((await from('2001:db8::7').get('/api/auth/me')).status).toBe(403);
      expect((await from('2001:db8::8').get('/api/auth/me')).status).toBe(401);
      expect((await lift('2001:db8:0::0007')).status).toBe(204);
      expect((await from('2001:db8::7').get('/api/auth/me')).status).toBe(401);

      await ban({ ip: '::ffff:198.51.100.88' });
      expect((await list()).items.map((item) => item.ip)).toEqual(['198.51.100.88']);
      expect((await from('198.51.100.88').get('/api/auth/me')).status).toBe(403);
      expect((await lift('198.51.100.88')).status).toBe(204);
    });

    it('replaces the ban when an address is banned again', async () => {
      await ban({ ip: '203.0.113.40', reason: 'first', ttlSeconds: 1 });
      const second = await ban({ ip: '203.0.113.40', reason: 'second' });
      expect(second.body).toMatchObject({ reason: 'second', expiresAt: null });
      await sleep(1100);
      expect((await from('203.0.113.40').get('/api/auth/me')).status).toBe(403);
      expect((await list()).items).toEqual([second.body]);
      expect((await lift('203.0.113.40')).status).toBe(204);
    });

    it.each([
      ['an ip that is no address', { ip: 'not-an-ip' }, 'ip'],
      ['an ip out of range', { ip: '256.1.1.1' }, 'ip'],
      ['an ip that is no string', { ip: 42 }, 'ip'],
      ['no ip', {}, 'ip'],
      ['ttlSeconds 0', { ip: '203.0.113.50', ttlSeconds: 0 }, 'ttlSeconds'],
      ['a negative ttlSeconds', { ip: '203.0.113.50', ttlSeconds: -5 }, 'ttlSeconds'],
      ['a fractional ttlSeconds', { ip: '203.0.113.50', ttlSeconds: 1.5 }, 'ttlSeconds'],
      ['ttlSeconds as a string', { ip: '203.0.113.50', ttlSeconds: '60' }, 'ttlSeconds'],
      ['a reason over 200 characters', { ip: '203.0.113.50', reason: 'x'.repeat(201) }, 'reason'],
      ['an unknown field', { ip: '203.0.113.50', until: 'forever' }, 'until'],
    ])(
      'refuses %s with 400 VALIDATION_FAILED naming the field, and stores nothing',
      async (_, body, field) => {
        const res = await ban(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field, message: expect.any(String) }],
        });
        expect(await countRows()).toBe(0);
        expect((await from('203.0.113.50').get('/api/auth/me')).status).toBe(401);
      },
    );

    it('refuses to lift something that is no address with 400', async () => {
      const res = await lift('not-an-ip');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'ip' }] });
    });

    it('lists active bans newest first, paginated', async () => {
      for (const ip of ['203.0.113.61', '203.0.113.62', '203.0.113.63']) {
        await ban({ ip });
        await sleep(5);
      }
      const page: { items: { ip: string }[] } = (
        await adminHttp.get('/api/admin/ip-bans?page=1&pageSize=2', { token: admin })
      ).body;
      expect(page).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(page.items.map((item) => item.ip)).toEqual(['203.0.113.63', '203.0.113.62']);
      for (const ip of ['203.0.113.61', '203.0.113.62', '203.0.113.63'])
        expect((await lift(ip)).status).toBe(204);
    });
  });

  it('documents the endpoints and their constraints in /docs-json', async () => {
    const doc = (await adminHttp.get('/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/admin/ip-bans',
        '/api/admin/ip-bans/{ip}',
        '/api/flash-sales/{id}/captcha',
      ]),
    );
    const body = doc.components.schemas.BanAddressRequestDto;
    expect(body.required).toEqual(['ip']);
    expect(body.properties.ttlSeconds).toMatchObject({ minimum: 1 });
    expect(doc.paths['/api/admin/ip-bans/{ip}'].delete.responses).toHaveProperty('404');
  });

  describe('across instances', () => {
    it('enforces a ban made on one instance on another within a second, and a lift too', async () => {
      const other = await startAppInstance(t.environment.config);
      try {
        const address = randomAddress();
        const there = from(address, other.baseUrl);
        expect((await there.get('/api/auth/me')).status).toBe(401);

        expect((await ban({ ip: address })).status).toBe(201);
        await eventually(
          async () => ((await there.get('/api/auth/me')).status === 403 ? true : undefined),
          1000,
        );

        expect((await lift(address)).status).toBe(204);
        await eventually(
          async () => ((await there.get('/api/auth/me')).status === 401 ? true : undefined),
          1000,
        );
      } finally {
        await other.close();
      }
    });

    it('loads the bans at start-up, and picks up one it was never told about on the periodic refresh', async () => {
      const early = randomAddress();
      await ban({ ip: early });
      const late = await startAppInstance(t.environment.config, { IP_BAN_REFRESH_SECONDS: '1' });
      try {
        expect((await from(early, late.baseUrl).get('/api/auth/me')).status).toBe(403);

        // Written behind every instance's back: no announcement, only the refresh can find it.
        const unannounced = randomAddress();
        await t.environment.db.query(
          'INSERT INTO ip_bans (ip, reason, created_at, expires_at, created_by) VALUES (?, ?, ?, NULL, NULL)',
          [unannounced, 'written directly', new Date()],
        );
        const there = from(unannounced, late.baseUrl);
        expect((await there.get('/api/auth/me')).status).toBe(401);
        await eventually(
          async () => ((await there.get('/api/auth/me')).status === 403 ? true : undefined),
          3000,
        );
      } finally {
        await late.close();
      }
    });
  });
});
