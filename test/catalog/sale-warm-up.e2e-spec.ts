import { Queue } from 'bullmq';
import { redisOptionsFromUrl } from '../../src/config/redis-url';
import { eventually } from '../support/accounts';
import { type AdminTestApp, startAppWithAdmin, type TestApp } from '../support/test-app';
import { createProduct, createSale, fromNow, HOUR, MINUTE, stockRows } from './catalog-fixtures';

/** The gate of a sale in the flash-sale Redis: the stock per bucket and the meta hash. */
async function gate(t: TestApp, saleId: string, buckets = 1) {
  const base = `${t.environment.config.redis.keyPrefix}fs:{sale:${saleId}}`;
  const stock = await t.environment.redis.mget(
    ...Array.from({ length: buckets }, (_, b) => `${base}:stock:${b}`),
  );
  const meta = await t.environment.redis.hgetall(`${base}:meta`);
  return { stock, meta, keys: await t.environment.redis.keys(`${base}:*`) };
}

async function dropGate(t: TestApp, saleId: string) {
  const keys = await t.environment.redis.keys(`${t.environment.config.redis.keyPrefix}fs:{sale:${saleId}}:*`);
  if (keys.length > 0) await t.environment.redis.del(...keys);
}

describe('warm-up: loading a sale into the flash-sale Redis', () => {
  describe('on demand, and on admin changes inside the lead window', () => {
    let t: AdminTestApp;
    let admin: string;
    let productId: string;

    beforeAll(async () => {
      // The periodic check is pushed out of the way: whatever warms a gate here is the path under test.
      t = await startAppWithAdmin({ SALE_WARM_UP_LEAD_SECONDS: '60', SALE_WARM_UP_SWEEP_SECONDS: '3600' });
      admin = t.admin;
      productId = (await createProduct(t.http, admin)).id;
    });
    afterAll(() => t.close());

    it('POST …/warm-up loads an upcoming sale from MySQL, and doing it again changes nothing', async () => {
      const sale = await createSale(t.http, admin, productId, {
        strategy: 'sync',
        stock: 25,
        perUserLimit: 2,
      });
      expect((await gate(t, sale.id)).keys).toEqual([]);

      const res = await t.http.post(`/api/admin/flash-sales/${sale.id}/warm-up`, undefined, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        saleId: sale.id,
        status: 'upcoming',
        remaining: 25,
        preparedAt: expect.any(String),
      });
      const first = await gate(t, sale.id);
      expect(first.stock).toEqual(['25']);
      expect(first.meta).toMatchObject({
        startsAt: String(Date.parse(sale.startsAt)),
        endsAt: String(Date.parse(sale.endsAt)),
        perUserLimit: '2',
      });

      expect(
        (await t.http.post(`/api/admin/flash-sales/${sale.id}/warm-up`, undefined, { token: admin })).status,
      ).toBe(200);
      const second = await gate(t, sale.id);
      expect(second.stock).toEqual(first.stock);
      expect(second.meta).toEqual(first.meta);
    });

    it('loads every bucket of a bucketed sale', async () => {
      const sale = await createSale(t.http, admin, productId, {
        strategy: 'bucketed',
        bucketCount: 4,
        stock: 10,
      });
      await t.http.post(`/api/admin/flash-sales/${sale.id}/warm-up`, undefined, { token: admin });
      expect((await gate(t, sale.id, 4)).stock).toEqual(['3', '3', '2', '2']);
    });

    it('a sale created inside the lead window is warm at once; a stock change before the start re-warms it', async () => {
      const sale = await createSale(t.http, admin, productId, {
        strategy: 'sync',
        stock: 30,
        startsAt: fromNow(30_000),
        endsAt: fromNow(HOUR),
      });
      expect((await gate(t, sale.id)).stock).toEqual(['30']);

      const patched = await t.http.patch(
        `/api/admin/flash-sales/${sale.id}`,
        { stock: 12 },
        { token: admin },
      );
      expect(patched.status).toBe(200);
      expect((await gate(t, sale.id)).stock).toEqual(['12']);

      await t.http.patch(
        `/api/admin/flash-sales/${sale.id}`,
        { strategy: 'bucketed', bucketCount: 3 },
        { token: admin },
      );
      expect((await gate(t, sale.id, 3)).stock).toEqual(['4', '4', '4']);
    });

    it('after the start it never puts back units already sold: it only fills a missing gate, from MySQL', async () => {
      const sale = await createSale(t.http, admin, productId, {
        strategy: 'sync',
        stock: 20,
        startsAt: fromNow(-MINUTE),
        endsAt: fromNow(HOUR),
      });
      // Shoppers bought 3 units: MySQL and the gate both moved on.
      await t.environment.db.query(
        'UPDATE sale_stock_buckets SET available = available - 3, sold = sold + 3 WHERE sale_id = ?',
        [sale.id],
      );
      const stockKey = `${t.environment.config.redis.keyPrefix}fs:{sale:${sale.id}}:stock:0`;
      await t.environment.redis.set(stockKey, '16');

      const res = await t.http.post(`/api/admin/flash-sales/${sale.id}/warm-up`, undefined, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'active', remaining: 17 });
      expect((await gate(t, sale.id)).stock).toEqual(['16']);

      // Redis lost the gate: it comes back with what MySQL has available, not the initial 20.
      await dropGate(t, sale.id);
      await t.http.post(`/api/admin/flash-sales/${sale.id}/warm-up`, undefined, { token: admin });
      expect((await gate(t, sale.id)).stock).toEqual(['17']);
      expect(await stockRows(t.environment.db, sale.id)).toEqual([
        { bucketNo: 0, total: 20, available: 17, reserved: 0, sold: 3 },
      ]);
    });

    it('answers 404 for an unknown or deleted sale and 409 SALE_ENDED for an ended one', async () => {
      const deleted = await createSale(t.http, admin, productId);
      await t.http.delete(`/api/admin/flash-sales/${deleted.id}`, { token: admin });
      for (const id of [deleted.id, '999999', 'abc']) {
        const res = await t.http.post(`/api/admin/flash-sales/${id}/warm-up`, undefined, { token: admin });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      const ended = await createSale(t.http, admin, productId);
      await t.environment.db.query(
        'UPDATE flash_sales SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR WHERE id = ?',
        [ended.id],
      );
      const res = await t.http.post(`/api/admin/flash-sales/${ended.id}/warm-up`, undefined, {
        token: admin,
      });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        code: 'SALE_ENDED',
        message: 'This sale has ended',
        details: [],
      });
      expect((await gate(t, ended.id)).keys).toEqual([]);
    });

    it('schedules one delayed job per sale and start time, and moves it when the start moves', async () => {
      const config = t.environment.config;
      const queue = new Queue('sale-warm-up', {
        connection: redisOptionsFromUrl(config.redis.url),
        prefix: `${config.redis.keyPrefix}bull`,
      });
      try {
        const sale = await createSale(t.http, admin, productId, {
          startsAt: fromNow(2 * HOUR),
          endsAt: fromNow(3 * HOUR),
        });
        const jobOf = (startsAt: string) => queue.getJob(`warm-up-${sale.id}-${Date.parse(startsAt)}`);
        const job = await jobOf(sale.startsAt);
        expect(job).toBeDefined();
        expect(await job!.getState()).toBe('delayed');
        // Due one lead time (60 s) before the start.
        expect(job!.timestamp + job!.opts.delay!).toBeGreaterThan(Date.parse(sale.startsAt) - MINUTE - 5000);
        expect(job!.timestamp + job!.opts.delay!).toBeLessThanOrEqual(
          Date.parse(sale.startsAt) - MINUTE + 1000,
        );

        // A change that keeps the start keeps the one job.
        await t.http.patch(`/api/admin/flash-sales/${sale.id}`, { stock: 99 }, { token: admin });
        const mine = async () =>
          (await queue.getDelayed())
            .filter((delayed) => delayed.data.saleId === sale.id)
            .map((delayed) => delayed.id);
        expect(await mine()).toEqual([job!.id]);

        const startsAt = fromNow(4 * HOUR);
        await t.http.patch(
          `/api/admin/flash-sales/${sale.id}`,
          { startsAt, endsAt: fromNow(5 * HOUR) },
          { token: admin },
        );
        expect(await mine()).toEqual([`warm-up-${sale.id}-${Date.parse(startsAt)}`]);

        await t.http.delete(`/api/admin/flash-sales/${sale.id}`, { token: admin });
        expect(await mine()).toEqual([]);
      } finally {
        await queue.close();
      }
    });
  });

  describe('automatically, by the delayed job', () => {
    let t: AdminTestApp;

    beforeAll(async () => {
      t = await startAppWithAdmin({ SALE_WARM_UP_LEAD_SECONDS: '3', SALE_WARM_UP_SWEEP_SECONDS: '3600' });
    });
    afterAll(() => t.close());

    it('loads the stock a lead time ahead of startsAt, not before', async () => {
      const { admin } = t;
      const product = await createProduct(t.http, admin);
      const startsAt = Date.now() + 7000;
      const sale = await createSale(t.http, admin, product.id, {
        strategy: 'sync',
        stock: 40,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: fromNow(HOUR),
      });
      expect((await gate(t, sale.id)).keys).toEqual([]);
      await eventually(async () => ((await gate(t, sale.id)).stock[0] === '40' ? true : undefined), 8000);
      const warmedAt = Date.now();
      expect(warmedAt).toBeLessThan(startsAt);
      expect(warmedAt).toBeGreaterThanOrEqual(startsAt - 3000 - 500);
    });
  });

  describe('automatically, by the periodic check', () => {
    let t: AdminTestApp;

    beforeAll(async () => {
      t = await startAppWithAdmin({ SALE_WARM_UP_LEAD_SECONDS: '60', SALE_WARM_UP_SWEEP_SECONDS: '1' });
    });
    afterAll(() => t.close());

    it('catches a sale nobody scheduled (written straight to MySQL), upcoming within the lead time or running', async () => {
      const { admin } = t;
      const product = await createProduct(t.http, admin);
      const insertSale = async (startsInMs: number, stock: number) => {
        const now = new Date();
        const result = await t.environment.db.query(
          `INSERT INTO flash_sales (product_id, title, sale_price_cents, stock, per_user_limit, starts_at, ends_at,
             strategy, bucket_count, payment_timeout_seconds, captcha_required, created_at, updated_at)
           VALUES (?, 'Missed', 100, ?, 1, ?, ?, 'sync', 1, 900, 0, ?, ?)`,
          [
            product.id,
            stock,
            new Date(now.getTime() + startsInMs),
            new Date(now.getTime() + startsInMs + HOUR),
            now,
            now,
          ],
        );
        const id = String(result.insertId);
        await t.environment.db.query(
          'INSERT INTO sale_stock_buckets (sale_id, bucket_no, total, available) VALUES (?, 0, ?, ?)',
          [id, stock, stock],
        );
        return id;
      };
      const soon = await insertSale(30_000, 11);
      const running = await insertSale(-30_000, 12);
      const later = await insertSale(2 * HOUR, 13);

      await eventually(async () => {
        const [a, b] = [await gate(t, soon), await gate(t, running)];
        return a.stock[0] === '11' && b.stock[0] === '12' ? true : undefined;
      }, 8000);
      expect((await gate(t, later)).keys).toEqual([]);
    });
  });
});
