import { eventually, logInAsAdmin } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/test-app';
import { AddressedClient, IP_BANNED_BODY, RoamingClient, sleep } from './risk-support';

describe('automatic ban after repeated rate-limit violations (real HTTP)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: '1',
      RATE_LIMIT_PER_ADDRESS: '2',
      RATE_LIMIT_WINDOW_SECONDS: '3',
      AUTO_BAN_AFTER_VIOLATIONS: '3',
      AUTO_BAN_WINDOW_SECONDS: '60',
      AUTO_BAN_SECONDS: '2',
    });
  });
  afterAll(() => t.close());

  it('bans an address that keeps hitting the limit, for AUTO_BAN_SECONDS, and no other', async () => {
    const abuser = new AddressedClient(t.baseUrl, '198.51.100.77');
    const neighbour = new AddressedClient(t.baseUrl, '198.51.100.78');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await abuser.get('/api/auth/me')).status);
    // Two allowed, then two violations: not yet banned.
    expect(statuses).toEqual([401, 401, 429, 429]);
    await sleep(300);
    expect((await abuser.get('/api/auth/me')).status).toBe(429); // the third violation
    const refused = await eventually(async () => {
      const res = await abuser.get('/api/auth/me');
      return res.status === 403 ? res : undefined;
    }, 2000);
    expect(refused.body).toEqual(IP_BANNED_BODY);
    expect((await neighbour.get('/api/auth/me')).status).toBe(401);

    const adminHttp = new RoamingClient(t.baseUrl);
    const admin = await logInAsAdmin(adminHttp);
    const bans = (await adminHttp.get('/api/admin/ip-bans', { token: admin })).body.items;
    expect(bans).toEqual([
      {
        ip: '198.51.100.77',
        reason: 'automatic: repeated rate-limit violations',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        createdBy: null,
      },
    ]);
    expect(Date.parse(bans[0].expiresAt) - Date.parse(bans[0].createdAt)).toBe(2000);

    // The ban lifts by itself; once the rate window has passed too, the address is served again. (Polling in
    // between would run into the rate limit again and earn a new ban.)
    await sleep(3200);
    expect((await abuser.get('/api/auth/me')).status).toBe(401);
    expect((await adminHttp.get('/api/admin/ip-bans', { token: admin })).body.items).toEqual([]);
  });
});
