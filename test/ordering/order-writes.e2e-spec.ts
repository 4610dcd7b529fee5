import { randomUUID } from 'node:crypto';
import { type NewOrder } from '../../src/domain/ordering/order';
import { OrderRepository } from '../../src/domain/ordering/order.repository';
import { createSale, createShoppers, stockInMysql, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

/**
 * MySQL as the final guard, with the Redis gate out of the way: orders go straight to the repository, which
 * writes the orders of one stock row in batches (one lock of the hot row per batch).
 */
describe('order writes in MySQL (batched per stock row)', () => {
  let t: AdminTestApp;
  let admin: string;
  let orders: OrderRepository;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
    orders = t.app.get(OrderRepository);
  });
  afterAll(() => t.close());

  const newOrder = (saleId: string, userId: string, quantity = 1): NewOrder => ({
    saleId,
    userId,
    bucketNo: 0,
    parts: [{ bucketNo: 0, units: quantity }],
    quantity,
    unitPriceCents: 500,
    perUserLimit: 1,
    attemptId: randomUUID(),
    idempotencyKey: null,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 600_000),
  });

  it('writes a crowd of simultaneous orders, each once, and every unit accounted for', async () => {
    const saleId = await createSale(t.http, admin, { stock: 40 });
    await untilOpen(t.http, saleId);
    const shoppers = await createShoppers(t, 30);
    const written = await Promise.all(shoppers.map((s) => orders.place(newOrder(saleId, s.id))));
    expect(new Set(written.map((order) => order.id)).size).toBe(30);
    expect(written.map((order) => order.props.userId)).toEqual(shoppers.map((s) => s.id));
    expect(await stockInMysql(t, saleId)).toEqual({ total: 40, available: 10, reserved: 30, sold: 0 });
    // What each writer was handed is what MySQL holds, batched (the crowd) or alone (one more, afterwards).
    const [late] = await createShoppers(t, 1);
    written.push(await orders.place(newOrder(saleId, late.id)));
    for (const order of written) expect((await orders.findById(order.id))?.props).toEqual(order.props);
  });

  it('refuses what MySQL must refuse inside a batch (a unit short, a buyer twice) and writes the rest', async () => {
    const saleId = await createSale(t.http, admin, { stock: 5 });
    await untilOpen(t.http, saleId);
    const shoppers = await createShoppers(t, 7);
    const attempts = [...shoppers.map((s) => newOrder(saleId, s.id)), newOrder(saleId, shoppers[3].id)];
    const results = await Promise.allSettled(attempts.map((order) => orders.place(order)));

    const refusals = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as { code?: string }).code] : [],
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(refusals.sort()).toEqual(expect.arrayContaining(['SOLD_OUT']));
    expect(refusals.every((code) => code === 'SOLD_OUT' || code === 'LIMIT_EXCEEDED')).toBe(true);
    expect(await stockInMysql(t, saleId)).toEqual({ total: 5, available: 0, reserved: 5, sold: 0 });
    const perUser = await t.environment.db.query(
      'SELECT user_id, SUM(quantity) AS units FROM orders WHERE sale_id = ? GROUP BY user_id HAVING units > 1',
      [saleId],
    );
    expect(perUser).toEqual([]);
    const [{ units }] = await t.environment.db.query(
      'SELECT SUM(units) AS units FROM sale_buyers WHERE sale_id = ?',
      [saleId],
    );
    expect(Number(units)).toBe(5);
  });

  it('answers a retried attempt with the order it wrote the first time', async () => {
    const saleId = await createSale(t.http, admin, { stock: 5 });
    await untilOpen(t.http, saleId);
    const [shopper, other] = await createShoppers(t, 2);
    const attempt = newOrder(saleId, shopper.id);
    const [first, again, others] = await Promise.all([
      orders.place(attempt),
      orders.place(attempt),
      orders.place(newOrder(saleId, other.id)),
    ]);
    expect(again.id).toBe(first.id);
    expect(others.id).not.toBe(first.id);
    expect(await stockInMysql(t, saleId)).toMatchObject({ available: 3, reserved: 2 });
  });
});
