import { homeBucketOf } from '../../src/domain/ordering/home-bucket';
import { buy, createSale, createShoppers, expectConsistent, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

describe('bucketed stock', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
  });
  afterAll(() => t.close());

  const bucketRows = (saleId: string) =>
    t.environment.db.query(
      'SELECT bucket_no, total, available, reserved FROM sale_stock_buckets WHERE sale_id = ? ORDER BY bucket_no',
      [saleId],
    );
  const gateStock = async (saleId: string, bucket: number) =>
    Number(
      await t.environment.redis.get(
        `${t.environment.config.redis.keyPrefix}fs:{sale:${saleId}}:stock:${bucket}`,
      ),
    );

  it('splits the stock evenly, the remainder to the first buckets, adding up to the stock', async () => {
    const saleId = await createSale(t.http, admin, {
      stock: 11,
      strategy: 'bucketed',
      bucketCount: 4,
      startsInMs: 60_000,
    });
    const rows = await bucketRows(saleId);
    expect(rows.map((row: { total: number }) => Number(row.total))).toEqual([3, 3, 3, 2]);
  });

  it('falls over to other buckets, so nobody hears "sold out" while any bucket has stock', async () => {
    const saleId = await createSale(t.http, admin, { stock: 8, strategy: 'bucketed', bucketCount: 8 });
    await untilOpen(t.http, saleId);
    // Shoppers who all share one home bucket: seven of them must be served from the other buckets.
    const shoppers = (await createShoppers(t, 200)).filter((s) => homeBucketOf(s.id, 8) === 0).slice(0, 9);
    expect(shoppers.length).toBe(9);
    const statuses = [];
    for (const shopper of shoppers) statuses.push((await buy(t.http, saleId, shopper)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 201, 409]);
    expect(
      (await bucketRows(saleId)).every((row: { available: number }) => Number(row.available) === 0),
    ).toBe(true);
    await expectConsistent(t, saleId, admin);
  });

  it('gives cancelled units back to the bucket they came from, in MySQL and in Redis', async () => {
    const saleId = await createSale(t.http, admin, { stock: 16, strategy: 'bucketed', bucketCount: 8 });
    await untilOpen(t.http, saleId);
    const [shopper] = await createShoppers(t, 1);
    const order = (await buy(t.http, saleId, shopper)).body;
    const [{ bucket_no: bucket }] = await t.environment.db.query(
      'SELECT bucket_no FROM orders WHERE id = ?',
      [order.id],
    );
    expect(Number(bucket)).toBe(homeBucketOf(shopper.id, 8));
    expect(await gateStock(saleId, Number(bucket))).toBe(1);

    await t.http.post(`/api/orders/${order.id}/cancel`, {}, { token: shopper.token });
    expect(await gateStock(saleId, Number(bucket))).toBe(2);
    const rows = await bucketRows(saleId);
    expect(Number(rows[Number(bucket)].available)).toBe(2);
    await expectConsistent(t, saleId, admin);
  });
});
