import { getDataSourceToken } from '@nestjs/typeorm';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { type NewOrder } from '../../src/domain/ordering/order';
import { OrderRepository } from '../../src/domain/ordering/order.repository';
import { ORDERING_CONNECTION } from '../../src/infrastructure/persistence/data-source-options';
import { createSale, createShoppers, stockInMysql, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppInstance, startAppWithAdmin } from '../support/test-app';

/**
 * ORDER_WRITE_BATCH_MAX: how many orders of one stock row share a MySQL transaction. The default gathers a
 * crowd's orders into a few transactions; 1 writes each order in a transaction of its own (the hot row locked
 * once per order), the set-up the benchmark uses to show what buckets buy where the row binds.
 */
describe('order write batching (ORDER_WRITE_BATCH_MAX)', () => {
  let t: AdminTestApp;
  let admin: string;
  let oneByOne: { app: NestFastifyApplication; close(): Promise<void> };

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
    oneByOne = await startAppInstance(t.environment.config, { ORDER_WRITE_BATCH_MAX: '1' });
  });
  afterAll(async () => {
    await oneByOne?.close();
    await t.close();
  });

  const newOrder = (saleId: string, userId: string): NewOrder => ({
    saleId,
    userId,
    bucketNo: 0,
    parts: [{ bucketNo: 0, units: 1 }],
    quantity: 1,
    unitPriceCents: 500,
    perUserLimit: 1,
    attemptId: randomUUID(),
    idempotencyKey: null,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 600_000),
  });

  /** Places the orders at once through `app`'s repository and counts the ordering connection's transactions. */
  async function transactionsFor(app: NestFastifyApplication, orders: NewOrder[]): Promise<number> {
    const dataSource = app.get<DataSource>(getDataSourceToken(ORDERING_CONNECTION));
    const counted = jest.spyOn(dataSource, 'transaction');
    try {
      await Promise.all(orders.map((order) => app.get(OrderRepository).place(order)));
      return counted.mock.calls.length;
    } finally {
      counted.mockRestore();
    }
  }

  it('writes a crowd of one stock row in a few transactions by default, and one per order at 1', async () => {
    const saleId = await createSale(t.http, admin, { stock: 60 });
    await untilOpen(t.http, saleId);
    const shoppers = await createShoppers(t, 60);
    const batched = await transactionsFor(
      t.app,
      shoppers.slice(0, 30).map((s) => newOrder(saleId, s.id)),
    );
    const alone = await transactionsFor(
      oneByOne.app,
      shoppers.slice(30).map((s) => newOrder(saleId, s.id)),
    );
    expect(batched).toBeLessThan(30);
    expect(alone).toBe(30);
    expect(await stockInMysql(t, saleId)).toEqual({ total: 60, available: 0, reserved: 60, sold: 0 });
  });

  it('refuses a bad value at start-up', async () => {
    const started = startAppInstance(t.environment.config, { ORDER_WRITE_BATCH_MAX: '0' });
    // Closed if it did start, so a failure here leaves no server behind.
    void started.then((instance) => instance.close()).catch(() => undefined);
    await expect(started).rejects.toThrow(/ORDER_WRITE_BATCH_MAX/);
  });
});
