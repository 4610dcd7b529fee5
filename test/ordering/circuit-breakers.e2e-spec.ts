import { AppConfig } from '../../src/config/app-config';
import { buy, createSale, createShoppers, expectConsistent, untilOpen } from '../support/sales';
import { TcpProxy } from '../support/tcp-proxy';
import { type AdminTestApp, startAppInstance, startAppWithAdmin } from '../support/test-app';

const TIMEOUT_MS = 600;
const RESET_MS = 4000;

describe('circuit breakers on the order path', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
  });
  afterAll(() => t.close());

  /** A second instance whose MySQL connections go through a proxy the test can freeze, with tight breakers. */
  async function instanceBehindProxy() {
    const proxy = await new TcpProxy(t.environment.config.db.host, t.environment.config.db.port).start();
    const instance = await startAppInstance(
      AppConfig.fromEnv({
        ...t.environment.env,
        DB_PORT: String(proxy.port),
        BREAKER_MYSQL_TIMEOUT_MS: String(TIMEOUT_MS),
        BREAKER_RESET_MS: String(RESET_MS),
        BREAKER_VOLUME_THRESHOLD: '3',
      }),
    );
    return { proxy, instance };
  }

  it('MySQL hanging: attempts get 503 within the timeout, then at once; browsing still answers; it recovers', async () => {
    const { proxy, instance } = await instanceBehindProxy();
    try {
      const saleId = await createSale(t.http, admin, { stock: 20, perUserLimit: 1 });
      await untilOpen(t.http, saleId);
      const shoppers = await createShoppers(t, 12);
      expect((await buy(instance.http, saleId, shoppers[0])).status).toBe(201);
      expect((await instance.http.get(`/api/flash-sales/${saleId}`)).status).toBe(200); // now cached
      proxy.freeze();
      const timed: { status: number; ms: number; retryAfter: string | null }[] = [];
      for (const shopper of shoppers.slice(1, 7)) {
        const started = Date.now();
        const res = await buy(instance.http, saleId, shopper);
        timed.push({
          status: res.status,
          ms: Date.now() - started,
          retryAfter: res.headers.get('retry-after'),
        });
      }
      expect(timed.every((r) => r.status === 503 && r.retryAfter !== null)).toBe(true);
      // The first ones wait for the timeout, not for MySQL; once open, the circuit answers at once.
      expect(Math.max(...timed.map((r) => r.ms))).toBeLessThan(TIMEOUT_MS + 1500);
      expect(timed[timed.length - 1].ms).toBeLessThan(150);
      const ready = await instance.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.details).toEqual(
        expect.arrayContaining([{ field: 'circuits', message: 'open: mysql' }]),
      );
      const metrics = await instance.http.get('/metrics');
      expect(metrics.text).toMatch(/circuit_breaker_state\{dependency="mysql"\} 2/);

      // Browsing is served from the cache while MySQL hangs.
      const browsing = await instance.http.get(`/api/flash-sales/${saleId}`);
      expect(browsing.status).toBe(200);
      proxy.thaw();
      await new Promise((resolve) => setTimeout(resolve, RESET_MS + 200));
      let recovered = await buy(instance.http, saleId, shoppers[7]);
      for (let i = 0; i < 20 && recovered.status === 503; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        recovered = await buy(instance.http, saleId, shoppers[7]);
      }
      expect(recovered.status).toBe(201);
      // No attempt answered 503 became an order behind the shopper's back.
      const late = await t.environment.db.query(
        `SELECT COUNT(*) AS n FROM orders WHERE sale_id = ? AND user_id IN (${shoppers
          .slice(1, 7)
          .map(() => '?')
          .join(',')})`,
        [saleId, ...shoppers.slice(1, 7).map((s) => s.id)],
      );
      expect(Number(late[0].n)).toBe(0);
      await expectConsistent(t, saleId, admin);
    } finally {
      await proxy.stop(); // first: closing the app waits for whatever MySQL held
      await instance.close();
    }
  });

  it('MySQL failing while the last units are in flight: the next shopper hears 503, not SOLD_OUT, and gets a unit back', async () => {
    const { proxy, instance } = await instanceBehindProxy();
    try {
      const saleId = await createSale(t.http, admin, { stock: 4, perUserLimit: 1, strategy: 'sync' });
      await untilOpen(t.http, saleId);
      const [early, a, b, c, late] = await createShoppers(t, 5);
      // The instance knows the sale from a first order (the order path reads it from MySQL once).
      expect((await buy(instance.http, saleId, early)).status).toBe(201);
      proxy.freeze();
      // Three shoppers take the three units; their writes hang, time out (503) and open the circuit. The units
      // stay in flight: a hung write may still commit, so they wait for its outcome.
      const first = await Promise.all([a, b, c].map((shopper) => buy(instance.http, saleId, shopper)));
      expect(first.map((res) => [res.status, res.body.message])).toEqual(
        Array(3).fill([503, expect.stringMatching(/could not be confirmed in time/)]),
      );
      // Nothing left to take, everything in flight, writes failing: SOLD_OUT would be premature.
      const meanwhile = await buy(instance.http, saleId, late);
      expect([meanwhile.status, meanwhile.body.code]).toEqual([503, 'BUSY']);
      expect(Number(meanwhile.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      proxy.thaw();
      // The hung writes missed their deadline and roll back; their units come back, and the shopper who was
      // asked to retry gets one once the circuit closes.
      let retried = await buy(instance.http, saleId, late);
      for (let i = 0; i < 40 && retried.status !== 201; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        retried = await buy(instance.http, saleId, late);
      }
      expect([retried.status, retried.body.code]).toEqual([201, undefined]);
      await expectConsistent(t, saleId, admin);
    } finally {
      await proxy.stop();
      await instance.close();
    }
  }, 30_000);
});
