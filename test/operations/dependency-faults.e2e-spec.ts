import { AppConfig } from '../../src/config/app-config';
import { createSale } from '../support/sales';
import { TcpProxy } from '../support/tcp-proxy';
import { type AdminTestApp, startAppInstance, startAppWithAdmin } from '../support/test-app';

/**
 * Off the order path (which has its circuit breakers), a request that needs MySQL while it is gone answers
 * 503 BUSY with Retry-After, the error body of API.md: the shopper is told to come back, not that we broke.
 */
describe('requests that need a dependency that is gone', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
  });
  afterAll(() => t.close());

  it('MySQL gone: uncached reads, login and admin get 503 BUSY; cached reads still answer; all recover', async () => {
    const proxy = await new TcpProxy(t.environment.config.db.host, t.environment.config.db.port).start();
    const instance = await startAppInstance(
      AppConfig.fromEnv({ ...t.environment.env, DB_PORT: String(proxy.port), DB_CONNECT_TIMEOUT_MS: '1000' }),
    );
    try {
      const cached = await createSale(t.http, admin, { stock: 5 });
      const uncached = await createSale(t.http, admin, { stock: 5 });
      expect((await instance.http.get(`/api/flash-sales/${cached}`)).status).toBe(200);
      await proxy.cut();

      const answers = {
        uncachedSale: await instance.http.get(`/api/flash-sales/${uncached}`),
        login: await instance.http.post('/api/auth/login', {
          email: 'somebody@example.com',
          password: 'a-password-1',
        }),
        adminList: await instance.http.get('/api/admin/products', { token: admin }),
      };
      for (const [what, res] of Object.entries(answers)) {
        expect({ what, status: res.status, code: res.body.code }).toEqual({
          what,
          status: 503,
          code: 'BUSY',
        });
        expect(res.body).toEqual({ statusCode: 503, code: 'BUSY', message: expect.any(String), details: [] });
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect((await instance.http.get(`/api/flash-sales/${cached}`)).status).toBe(200);

      await proxy.restore();
      let back = await instance.http.get(`/api/flash-sales/${uncached}`);
      for (let i = 0; i < 20 && back.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        back = await instance.http.get(`/api/flash-sales/${uncached}`);
      }
      expect(back.status).toBe(200);
    } finally {
      await proxy.stop();
      await instance.close();
    }
  });
});
