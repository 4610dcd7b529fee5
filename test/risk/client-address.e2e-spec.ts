import { eventually } from '../support/accounts';
import { type HttpClient, type HttpResult } from '../support/http-client';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';
import { IP_BANNED_BODY } from './risk-support';

/**
 * API.md "Client address": the test's HTTP client plays the one trusted load balancer (TRUST_PROXY=1), which
 * appends the address it saw to whatever X-Forwarded-For the client sent, as nginx's
 * `$proxy_add_x_forwarded_for` does. A client can write anything to the left of that entry.
 */
describe('client address behind a trusted proxy (real HTTP)', () => {
  let t: AdminTestApp;
  let admin: string;
  let adminHttp: HttpClient;

  /** A request from `real` that arrives through the proxy, carrying the header the client forged (if any). */
  const through = (real: string, forged?: string) => ({
    headers: { 'x-forwarded-for': forged === undefined ? real : `${forged}, ${real}` },
  });
  const login = (real: string, forged?: string): Promise<HttpResult> =>
    t.http.post(
      '/api/auth/login',
      { email: 'nobody@example.com', password: 'wrong-pass-1' },
      through(real, forged),
    );
  const me = (real: string, forged?: string): Promise<HttpResult> =>
    t.http.get('/api/auth/me', through(real, forged));
  const ban = (ip: string) => adminHttp.post('/api/admin/ip-bans', { ip }, { token: admin });
  const lift = (ip: string) =>
    adminHttp.delete(`/api/admin/ip-bans/${encodeURIComponent(ip)}`, { token: admin });
  const bans = async (): Promise<string[]> =>
    ((await adminHttp.get('/api/admin/ip-bans', { token: admin })).body.items as { ip: string }[]).map(
      (b) => b.ip,
    );

  beforeAll(async () => {
    t = await startAppWithAdmin({
      TRUST_PROXY: '1',
      LOGIN_RATE_LIMIT: '3',
      LOGIN_RATE_WINDOW_SECONDS: '60',
      AUTO_BAN_AFTER_VIOLATIONS: '5',
      AUTO_BAN_WINDOW_SECONDS: '60',
      AUTO_BAN_SECONDS: '60',
    });
    ({ admin, adminHttp } = t); // 127.0.0.1, no X-Forwarded-For: the peer
  });
  afterAll(() => t.close());

  it('counts a client that forges X-Forwarded-For under its real address, whatever it writes', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('203.0.113.50', `1.2.3.${i}`)).status);
    // One budget for the real address, however many addresses it claims to be.
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The addresses it named were never charged.
    expect((await login('1.2.3.0')).status).toBe(401);
  });

  it('applies a ban to the real address, not to the one the client names', async () => {
    expect((await ban('203.0.113.60')).status).toBe(201);
    const refused = await me('203.0.113.60', '198.51.100.1');
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(IP_BANNED_BODY);
    // Naming a banned address gets nobody refused.
    expect((await me('203.0.113.61', '203.0.113.60')).status).toBe(401);
    expect((await lift('203.0.113.60')).status).toBe(204);
  });

  it('refuses the "get an innocent address banned" attack: 32 logins as the victim ban the attacker', async () => {
    const victim = '192.0.2.10';
    const attacker = '198.51.100.66';
    for (let i = 0; i < 32; i++) await login(attacker, victim);
    const banned = await eventually(async () => ((await bans()).includes(attacker) ? true : undefined), 3000);
    expect(banned).toBe(true);
    expect(await bans()).not.toContain(victim);
    expect((await me(victim)).status).toBe(401);
    expect((await me(attacker, victim)).status).toBe(403);
    expect((await lift(attacker)).status).toBe(204);
  });

  it("never turns an 8,000-character header into a key: a malformed address is the peer's", async () => {
    const junk = 'x'.repeat(8000);
    // The proxy's own entry is junk (a proxy that passes the header through untouched): the peer is the client.
    const res = await t.http.get('/api/auth/me', { headers: { 'x-forwarded-for': junk } });
    expect(res.status).toBe(401);
    const refusedLogin = await t.http.post(
      '/api/auth/login',
      { email: 'nobody@example.com', password: 'wrong-pass-1' },
      { headers: { 'x-forwarded-for': `${junk}, 300.1.2.3` } },
    );
    expect(refusedLogin.status).toBe(401);
    // Junk to the left of the proxy's entry is ignored: the client is the proxy's entry.
    expect((await me('203.0.113.70', junk)).status).toBe(401);
    const keys = await t.environment.redis.keys(`${t.environment.config.redis.keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.length).toBeLessThan(200);
  });

  it('limits, counts and bans an IPv6 client per /64', async () => {
    const statuses = [];
    // Every request from a fresh address of the same /64: one budget, one violation count.
    for (let i = 1; i <= 9; i++) statuses.push((await login(`2001:db8:aa:bb::${i.toString(16)}`)).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 429]);
    await eventually(async () => ((await bans()).includes('2001:db8:aa:bb::/64') ? true : undefined), 3000);
    // Any address of that /64 is refused, whatever the spelling; the neighbouring /64 is not.
    expect((await me('2001:db8:aa:bb:ffff:1:2:3')).status).toBe(403);
    expect((await me('2001:DB8:AA:BB:0:0:0:1')).status).toBe(403);
    expect((await me('2001:db8:aa:bc::1')).status).toBe(401);
    expect((await lift('2001:db8:aa:bb::/64')).status).toBe(204);
    expect((await me('2001:db8:aa:bb::1')).status).toBe(401);
  });

  it('lets admins ban and lift CIDR ranges (IPv4 /16-/32, IPv6 /32-/128)', async () => {
    const created = await ban('203.0.113.77/24');
    expect(created.status).toBe(201);
    expect(created.body.ip).toBe('203.0.113.0/24');
    expect((await me('203.0.113.1')).status).toBe(403);
    expect((await me('203.0.113.254')).status).toBe(403);
    expect((await me('203.0.112.255')).status).toBe(401);

    expect((await ban('2001:db8:cafe::/48')).body.ip).toBe('2001:db8:cafe::/48');
    expect((await me('2001:db8:cafe:1234::9')).status).toBe(403);
    expect((await me('2001:db8:caff::9')).status).toBe(401);

    for (const tooWide of ['10.0.0.0/8', '2001:db8::/16', '203.0.113.0/33', '203.0.113.0/x', 'nonsense/24']) {
      const refused = await ban(tooWide);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'ip' }] });
    }

    expect((await lift('203.0.113.0/24')).status).toBe(204);
    expect((await me('203.0.113.1')).status).toBe(401);
    expect((await lift('2001:db8:cafe::/48')).status).toBe(204);
    expect((await me('2001:db8:cafe:1234::9')).status).toBe(401);
    expect((await lift('2001:db8:cafe::/48')).status).toBe(404);
  });
});

describe('client address behind proxies named by address (TRUST_PROXY list)', () => {
  let t: AdminTestApp;
  let adminHttp: HttpClient;
  let admin: string;
  beforeAll(async () => {
    t = await startAppWithAdmin({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' });
    ({ admin, adminHttp } = t);
  });
  afterAll(() => t.close());

  it('takes the rightmost entry that is not a trusted proxy', async () => {
    expect((await adminHttp.post('/api/admin/ip-bans', { ip: '203.0.113.5' }, { token: admin })).status).toBe(
      201,
    );
    const via = (header: string) => t.http.get('/api/auth/me', { headers: { 'x-forwarded-for': header } });
    expect((await via('1.2.3.4, 203.0.113.5, 10.1.2.3')).status).toBe(403);
    expect((await via('203.0.113.5, 1.2.3.4, 10.1.2.3')).status).toBe(401);
    expect((await via('203.0.113.5')).status).toBe(403);
  });
});
