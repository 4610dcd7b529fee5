import { buy, createSale, createShoppers, expectConsistent, stockInMysql, untilOpen } from '../support/sales';
import { TcpProxy } from '../support/tcp-proxy';
import { type AdminTestApp, startAppInstance, startAppWithAdmin } from '../support/test-app';
import { StockGate } from '../../src/domain/ordering/stock-gate';
import { AppConfig } from '../../src/config/app-config';

describe('ordering under faults (sync)', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
  });
  afterAll(() => t.close());

  it('MySQL failing after the gate: 503 BUSY, the units go back to Redis, and ordering recovers', async () => {
    const proxy = await new TcpProxy(t.environment.config.db.host, t.environment.config.db.port).start();
    const env = { ...t.environment.env, DB_PORT: String(proxy.port), DB_CONNECT_TIMEOUT_MS: '1000' };
    const instance = await startAppInstance(AppConfig.fromEnv(env));
    try {
      const saleId = await createSale(t.http, admin, { stock: 5 });
      await untilOpen(t.http, saleId);
      const shoppers = await createShoppers(t, 3);
      expect((await buy(instance.http, saleId, shoppers[0])).status).toBe(201);
      const gate = instance.app.get(StockGate);
      expect((await gate.read(saleId, 1))?.buckets).toEqual([4]);

      await proxy.cut();
      const failed = await buy(instance.http, saleId, shoppers[1]);
      expect(failed.status).toBe(503);
      expect(failed.body).toMatchObject({ statusCode: 503, code: 'BUSY', details: [] });
      expect(Number(failed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // The gate passed, the write failed: the unit and the buyer's count are back in Redis.
      expect(await gate.read(saleId, 1)).toEqual({ buckets: [4], buyerUnits: 1 });

      await proxy.restore();
      let recovered = await buy(instance.http, saleId, shoppers[1]);
      for (let i = 0; i < 20 && recovered.status === 503; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        recovered = await buy(instance.http, saleId, shoppers[1]);
      }
      expect(recovered.status).toBe(201);
      expect(await stockInMysql(t, saleId)).toEqual({ total: 5, available: 3, reserved: 2, sold: 0 });
      await expectConsistent(t, saleId, admin);
    } finally {
      await instance.close();
      await proxy.stop();
    }
  });

  it('a crash between the gate and MySQL leaves drift the summary shows, and reconcile repairs it', async () => {
    const saleId = await createSale(t.http, admin, { stock: 4 });
    await untilOpen(t.http, saleId);
    const [shopper, crashed] = await createShoppers(t, 2);
    expect((await buy(t.http, saleId, shopper)).status).toBe(201);

    // What a process killed right after the gate leaves behind: a unit taken in Redis, no order in MySQL.
    const gate = t.app.get(StockGate);
    const verdict = await gate.reserve({
      saleId,
      userId: crashed.id,
      quantity: 1,
      bucketCount: 1,
      homeBucket: 0,
      nowMs: Date.now(),
      attemptId: 'crashed-attempt',
    });
    expect(verdict).toEqual({ ok: true, bucketNo: 0, parts: [{ bucketNo: 0, units: 1 }] });

    const drifted = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
    expect(drifted.body.consistent).toBe(false);
    expect(drifted.body.drift.join('\n')).toMatch(/Redis bucket 0: 2 units, MySQL 3/);

    const repaired = await t.http.post(`/api/admin/flash-sales/${saleId}/reconcile`, {}, { token: admin });
    expect(repaired.status).toBe(200);
    expect(repaired.body).toMatchObject({ consistent: true, available: 3, reserved: 1, drift: [] });
    expect((await buy(t.http, saleId, crashed)).status).toBe(201);
    await expectConsistent(t, saleId, admin);
  });
});
