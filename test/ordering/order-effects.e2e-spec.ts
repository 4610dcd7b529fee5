import { getQueueToken, type WorkerHost } from '@nestjs/bullmq';
import { type Queue } from 'bullmq';
import { NotificationProcessor } from '../../src/adapter/queue/notification.processor';
import { OrderExpiryProcessor } from '../../src/adapter/queue/order-expiry.processor';
import { SaleWarmUpProcessor } from '../../src/adapter/queue/sale-warm-up.processor';
import { QueueNames } from '../../src/config/queue-names';
import { eventually } from '../support/accounts';
import { buy, createSale, createShoppers, stockInMysql, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

/**
 * What follows the orders of a crowd: each buyer is told once and each unpaid order expires, while the orders
 * written together travel as one notification job and one expiry job per sale instead of two jobs per order.
 */
describe('the effects of placed orders', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    // The sweeper is out of the way: only the expiry jobs can expire these orders in time.
    t = await startAppWithAdmin({ ORDER_EXPIRY_SWEEP_SECONDS: '3600' });
    admin = t.admin;
  });
  afterAll(() => t.close());

  const jobsOf = async (queueName: string) => {
    const queue = t.app.get<Queue>(getQueueToken(queueName));
    const counts = await queue.getJobCounts('completed', 'waiting', 'active', 'delayed', 'failed');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  };

  it('tells every buyer once and expires every unpaid order on time, in a few jobs for 60 orders', async () => {
    const saleId = await createSale(t.http, admin, { stock: 60, paymentTimeoutSeconds: 2 });
    await untilOpen(t.http, saleId);
    const shoppers = await createShoppers(t, 60);
    const [notesBefore, expiriesBefore] = [
      await jobsOf(QueueNames.notifications),
      await jobsOf(QueueNames.orderExpiry),
    ];

    const answers = await Promise.all(shoppers.map((shopper) => buy(t.http, saleId, shopper)));
    expect(answers.map((res) => res.status)).toEqual(Array(60).fill(201));

    for (const shopper of [shoppers[0], shoppers[59]]) {
      const notes = await eventually(async () => {
        const res = await t.http.get('/api/notifications', { token: shopper.token });
        const placed = res.body.items.filter((note: { kind: string }) => note.kind === 'order_placed');
        return placed.length > 0 ? placed : undefined;
      });
      expect(notes).toHaveLength(1);
      expect(notes[0].data).toMatchObject({ saleId });
    }
    const [{ n }] = await t.environment.db.query(
      "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'order_placed' AND JSON_EXTRACT(data, '$.saleId') = ?",
      [saleId],
    );
    expect(Number(n)).toBe(60);
    expect((await jobsOf(QueueNames.notifications)) - notesBefore).toBeLessThan(30);
    expect((await jobsOf(QueueNames.orderExpiry)) - expiriesBefore).toBeLessThan(30);

    const stock = await eventually(async () => {
      const row = await stockInMysql(t, saleId);
      return row.available === 60 ? row : undefined;
    }, 8000);
    expect(stock).toEqual({ total: 60, available: 60, reserved: 0, sold: 0 });
    const [{ expired }] = await t.environment.db.query(
      "SELECT COUNT(*) AS expired FROM orders WHERE sale_id = ? AND status = 'expired'",
      [saleId],
    );
    expect(Number(expired)).toBe(60);
  });

  // A worker that emits `error` with no listener prints an unhandled-error trace (seen in CI when a repeating
  // job was pulled from under a worker): every processor's worker hears its own, and is not thrown by one.
  it.each([NotificationProcessor, OrderExpiryProcessor, SaleWarmUpProcessor])(
    '%p logs its worker’s own errors',
    (processor) => {
      const { worker } = t.app.get<WorkerHost>(processor);
      expect(worker.listenerCount('error')).toBeGreaterThanOrEqual(1);
      expect(() => worker.emit('error', new Error('Missing key for job test. moveToFinished'))).not.toThrow();
    },
  );
});
