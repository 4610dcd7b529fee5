import { sign } from 'jsonwebtoken';
import { eventually, logIn, registerAndLogIn } from '../support/accounts';
import { createSale, stockInMysql, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

const USER_CACHE_MS = 600;

/**
 * A token is a claim: it is honoured only while the account behind it exists, with the rights the account has
 * now (read at most AUTH_USER_CACHE_MS ago), and only until its expiry, which it must have.
 */
describe('tokens follow the stored account', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin({ AUTH_USER_CACHE_MS: String(USER_CACHE_MS) });
    admin = t.admin;
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/api/auth/me', { token });

  it('refuses a token without exp, signed with the real secret', async () => {
    const shopper = await registerAndLogIn(t.http);
    const { secret, issuer, audience } = t.environment.config.jwt;
    const forever = sign({ sub: shopper.id, role: 'customer' }, secret, {
      algorithm: 'HS256',
      issuer,
      audience,
    });
    expect((await me(shopper.token)).status).toBe(200);
    const refused = await me(forever);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
  });

  it("refuses a deleted user's order with 401, leaving stock and gate as they were, and the token everywhere", async () => {
    const saleId = await createSale(t.http, admin, { stock: 5, perUserLimit: 2 });
    await t.http.post(`/api/admin/flash-sales/${saleId}/warm-up`, {}, { token: admin });
    await untilOpen(t.http, saleId);
    const shopper = await registerAndLogIn(t.http);
    // The instance has just seen this account exist (it may remember that for AUTH_USER_CACHE_MS).
    expect((await me(shopper.token)).status).toBe(200);
    const before = await stockInMysql(t, saleId);

    await t.environment.db.query('DELETE FROM users WHERE id = ?', [shopper.id]);
    const order = await t.http.post(
      `/api/flash-sales/${saleId}/orders`,
      { quantity: 2 },
      { token: shopper.token },
    );
    expect(order.status).toBe(401);
    expect(order.body.code).toBe('UNAUTHENTICATED');

    expect(await stockInMysql(t, saleId)).toEqual(before);
    const summary = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
    expect(summary.body).toMatchObject({ stock: 5, available: 5, reserved: 0, sold: 0, consistent: true });
    const [{ orders }] = await t.environment.db.query(
      'SELECT COUNT(*) AS orders FROM orders WHERE sale_id = ?',
      [saleId],
    );
    expect(Number(orders)).toBe(0);

    // Everywhere else too, once the instance's memory of the account has lapsed.
    await new Promise((resolve) => setTimeout(resolve, USER_CACHE_MS + 50));
    for (const path of ['/api/auth/me', '/api/orders', '/api/notifications']) {
      expect((await t.http.get(path, { token: shopper.token })).status).toBe(401);
    }
    const again = await t.http.post(
      `/api/flash-sales/${saleId}/orders`,
      { quantity: 1 },
      { token: shopper.token },
    );
    expect(again.status).toBe(401);
    expect((await stockInMysql(t, saleId)).available).toBe(5);
    // And a second buyer still gets the units the deleted one could not take.
    const other = await registerAndLogIn(t.http);
    const bought = await t.http.post(
      `/api/flash-sales/${saleId}/orders`,
      { quantity: 2 },
      { token: other.token },
    );
    expect(bought.status).toBe(201);
  });

  it('takes /api/admin away from a demoted admin within AUTH_USER_CACHE_MS, whatever the token says', async () => {
    const deputy = await registerAndLogIn(t.http, 'Deputy');
    await t.environment.db.query("UPDATE users SET role = 'admin' WHERE id = ?", [deputy.id]);
    const token = await logIn(t.http, deputy.email, deputy.password);
    expect((await t.http.get('/api/admin/users', { token })).status).toBe(200);

    await t.environment.db.query("UPDATE users SET role = 'customer' WHERE id = ?", [deputy.id]);
    const demotedAt = Date.now();
    const refused = await eventually(async () => {
      const response = await t.http.get('/api/admin/users', { token });
      return response.status === 403 ? response : undefined;
    }, 10_000);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(Date.now() - demotedAt).toBeLessThan(USER_CACHE_MS + 500);
    // Still a shopper with the same token.
    expect((await me(token)).status).toBe(200);
  });
});
