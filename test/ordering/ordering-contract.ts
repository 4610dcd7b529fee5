import { eventually, logInAsAdmin } from '../support/accounts';
import { type HttpResult } from '../support/http-client';
import {
  buy,
  createSale,
  createShoppers,
  expectConsistent,
  type SaleInput,
  type Shopper,
  stockInMysql,
  untilOpen,
} from '../support/sales';
import { startAppInstance, startTestApp, type TestApp } from '../support/test-app';
import { type StrategyKind } from '../../src/domain/catalog/flash-sale';
import { QueueWithTicketHandOver } from '../../src/app/ordering/strategies/queue-with-ticket.hand-over';
import { STRATEGY_RECIPES } from '../../src/app/ordering/strategies/strategy-registry';
import { StockGate } from '../../src/domain/ordering/stock-gate';

/** What the contract runs against: an in-process app by default, or a deployment's entry (test/topology). */
export type ContractTarget = Pick<TestApp, 'http' | 'environment' | 'close'>;

/** A strategy whose recipe queues the order answers 202 with a ticket; the others 201 with the order. */
const answersWithTicket = (strategy: StrategyKind): boolean =>
  STRATEGY_RECIPES.find((recipe) => recipe.kind === strategy)?.handOver === QueueWithTicketHandOver;

const startInProcess = () =>
  startTestApp({
    ORDER_EXPIRY_SWEEP_SECONDS: '1',
    // A gateway that takes a while, so a pay can lose its race to a cancel or an expiry.
    PAYMENT_SIMULATED_LATENCY_MS: '40',
    // Self-repair runs often here, and treats an attempt as stranded after 3 s without an order.
    STOCK_REPAIR_SECONDS: '1',
    STOCK_STRANDED_AFTER_SECONDS: '3',
  });

/** An attempt's final word: the order, or the error body (for async, after polling the ticket). */
interface Settled {
  status: number;
  order?: { id: string; status: string; quantity: number };
  code?: string;
}

/**
 * The ordering contract, written once and run against every strategy over real HTTP, MySQL, Redis and BullMQ.
 * After every test the invariant holds: total = available + reserved + sold, the orders agree, and so does
 * the Redis gate (summary.consistent).
 */
export function describeOrderingContract(
  strategy: StrategyKind,
  extra: Partial<SaleInput> = {},
  start?: () => Promise<ContractTarget>,
): void {
  /** Cases that reach into the app's own process (its gate, a second instance, Redis keys) run in-process only. */
  const inProcessOnly = start === undefined ? it : it.skip;
  describe(`ordering contract: ${strategy}`, () => {
    let t: ContractTarget;
    let admin: string;

    beforeAll(async () => {
      t = await (start ?? startInProcess)();
      admin = await logInAsAdmin(t.http);
    });
    afterAll(() => t.close());

    const openSale = async (input: SaleInput): Promise<string> => {
      const saleId = await createSale(t.http, admin, { strategy, ...extra, ...input });
      await untilOpen(t.http, saleId);
      return saleId;
    };

    /** Places an order and, for a ticket, polls it to the end, so every strategy answers alike. */
    const settle = async (response: HttpResult, shopper: Shopper): Promise<Settled> => {
      if (response.status === 201) return { status: 201, order: response.body };
      if (response.status !== 202) return { status: response.status, code: response.body.code };
      const ticket = await eventually(async () => {
        const polled = await t.http.get(response.body.pollUrl, { token: shopper.token });
        return polled.body.status === 'queued' ? undefined : polled.body;
      }, 20000);
      if (ticket.status === 'failed') return { status: 409, code: ticket.reason };
      const order = await t.http.get(`/api/orders/${ticket.orderId}`, { token: shopper.token });
      return { status: 201, order: order.body };
    };

    const place = async (saleId: string, shopper: Shopper, body: object = {}, headers = {}) =>
      settle(await buy(t.http, saleId, shopper, body, headers), shopper);

    /** Charges and refunds the (simulated) gateway recorded for these orders. */
    const payments = async (orderIds: string[]) => {
      const [row] = await t.environment.db.query(
        `SELECT COUNT(*) AS charges, COUNT(refunded_at) AS refunds FROM payments
          WHERE order_id IN (${orderIds.map(() => '?').join(', ')})`,
        orderIds,
      );
      return { charges: Number(row.charges), refunds: Number(row.refunds) };
    };
    const paidOrders = async (saleId: string) => {
      const [{ n }] = await t.environment.db.query(
        "SELECT COUNT(*) AS n FROM orders WHERE sale_id = ? AND status = 'paid'",
        [saleId],
      );
      return Number(n);
    };

    it('asking for more than is left is INSUFFICIENT_STOCK with what is left, and nobody else is turned away', async () => {
      const saleId = await openSale({ stock: 3, perUserLimit: 2 });
      const [first, second, third, fourth] = await createShoppers(t, 4);
      expect((await place(saleId, first, { quantity: 2 })).status).toBe(201);

      const short = await buy(t.http, saleId, second, { quantity: 2 });
      expect(short.status).toBe(409);
      expect(short.body).toEqual({
        statusCode: 409,
        code: 'INSUFFICIENT_STOCK',
        message: expect.any(String),
        details: [{ field: 'quantity', message: '1 left' }],
      });
      // The sale is not marked sold out: the page does not say so, and the next shopper gets the last unit.
      expect((await t.http.get(`/api/flash-sales/${saleId}`)).body.remaining).toBeGreaterThan(0);
      expect((await place(saleId, third, { quantity: 1 })).status).toBe(201);
      // The refused shopper's count was never taken: one unit would still be theirs to buy, but none is left.
      expect((await place(saleId, fourth)).code).toBe('SOLD_OUT');
      expect((await place(saleId, second, { quantity: 1 })).code).toBe('SOLD_OUT');
      expect(await stockInMysql(t, saleId)).toEqual({ total: 3, available: 0, reserved: 3, sold: 0 });
      await expectConsistent(t, saleId, admin);
    });

    it('orders of several units take every unit, from several buckets when one does not hold enough, and give them back where they came from', async () => {
      const saleId = await openSale({ stock: 8, perUserLimit: 3 });
      const shoppers = await createShoppers(t, 4);
      const results = [];
      for (const [i, quantity] of [3, 3, 2].entries()) {
        results.push(await place(saleId, shoppers[i], { quantity }));
      }
      expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(results.map((r) => r.order!.quantity)).toEqual([3, 3, 2]);
      expect((await place(saleId, shoppers[3])).code).toBe('SOLD_OUT');
      const rows = await t.environment.db.query(
        'SELECT available FROM sale_stock_buckets WHERE sale_id = ?',
        [saleId],
      );
      expect(rows.every((row: { available: number }) => Number(row.available) === 0)).toBe(true);
      await expectConsistent(t, saleId, admin);

      const cancelled = await t.http.post(
        `/api/orders/${results[0].order!.id}/cancel`,
        {},
        { token: shoppers[0].token },
      );
      expect(cancelled.status).toBe(200);
      // Back in the rows (and gate buckets, checked by expectConsistent) they were taken from.
      expect(await stockInMysql(t, saleId)).toEqual({ total: 8, available: 3, reserved: 5, sold: 0 });
      await expectConsistent(t, saleId, admin);
      expect((await place(saleId, shoppers[3], { quantity: 3 })).status).toBe(201);
      await expectConsistent(t, saleId, admin);
    });

    inProcessOnly(
      'a winner retrying on a sold-out sale hears SOLD_OUT, with the in-memory mark and without it',
      async () => {
        const saleId = await openSale({ stock: 1, perUserLimit: 1 });
        const [winner, loser] = await createShoppers(t, 2);
        expect((await place(saleId, winner)).status).toBe(201);
        expect((await place(saleId, loser)).code).toBe('SOLD_OUT');
        // This instance now holds the mark and answers from memory.
        const fast = await buy(t.http, saleId, winner);
        expect([fast.status, fast.body.code]).toEqual([409, 'SOLD_OUT']);
        // A fresh instance has no mark: the gate answers, and must say the same.
        const other = await startAppInstance(t.environment.config);
        try {
          const gate = await buy(other.http, saleId, winner);
          expect([gate.status, gate.body.code]).toEqual([409, 'SOLD_OUT']);
        } finally {
          await other.close();
        }
        await expectConsistent(t, saleId, admin);
      },
    );

    inProcessOnly('an Idempotency-Key stays bound to its request after its Redis record lapses', async () => {
      const saleId = await openSale({ stock: 5, perUserLimit: 2 });
      const otherSale = await openSale({ stock: 5, perUserLimit: 2 });
      const [shopper] = await createShoppers(t, 1);
      const headers = { 'idempotency-key': 'checkout-lapsed' };
      const first = await place(saleId, shopper, {}, headers);
      expect(first.status).toBe(201);
      // The Redis record lapses (24 h in production): only MySQL remembers the key now.
      const lapse = async () => {
        const { keyPrefix } = t.environment.config.redis;
        const keys = await t.environment.redis.keys(`${keyPrefix}idem:${shopper.id}:*`);
        expect(keys.length).toBeGreaterThan(0);
        await t.environment.redis.del(...keys);
      };
      await lapse();

      const elsewhere = await buy(t.http, otherSale, shopper, {}, headers);
      expect([elsewhere.status, elsewhere.body.code]).toEqual([400, 'BAD_REQUEST']);
      await lapse().catch(() => undefined);
      const more = await buy(t.http, saleId, shopper, { quantity: 2 }, headers);
      expect([more.status, more.body.code]).toEqual([400, 'BAD_REQUEST']);
      await lapse().catch(() => undefined);
      const again = await place(saleId, shopper, {}, headers);
      expect(again.status).toBe(201);
      expect(again.order!.id).toBe(first.order!.id);

      const [{ n }] = await t.environment.db.query('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [
        shopper.id,
      ]);
      expect(Number(n)).toBe(1);
      // Nothing was stranded: the other sale is whole, and the buyer may still buy one more here.
      expect(await stockInMysql(t, otherSale)).toEqual({ total: 5, available: 5, reserved: 0, sold: 0 });
      await expectConsistent(t, otherSale, admin);
      await expectConsistent(t, saleId, admin);
      expect((await place(saleId, shopper)).status).toBe(201);
      await expectConsistent(t, saleId, admin);
    });

    it('the per-user limit of a running sale is locked like its stock', async () => {
      const saleId = await openSale({ stock: 5, perUserLimit: 1 });
      const [shopper] = await createShoppers(t, 1);
      const res = await t.http.patch(
        `/api/admin/flash-sales/${saleId}`,
        { perUserLimit: 3 },
        { token: admin },
      );
      expect([res.status, res.body.code]).toEqual([409, 'SALE_LOCKED']);
      expect(res.body.details).toEqual([{ field: 'perUserLimit', message: expect.any(String) }]);
      expect((await place(saleId, shopper)).status).toBe(201);
      expect((await place(saleId, shopper)).code).toBe('LIMIT_EXCEEDED');
      await expectConsistent(t, saleId, admin);
    });

    it('ten parallel pays charge the gateway once; charges minus refunds equal paid orders', async () => {
      const saleId = await openSale({ stock: 2 });
      const [shopper] = await createShoppers(t, 1);
      const { order } = await place(saleId, shopper);
      const paid = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.http.post(`/api/orders/${order!.id}/pay`, {}, { token: shopper.token }),
        ),
      );
      expect(paid.map((res) => res.status)).toEqual(Array(10).fill(200));
      expect(paid.every((res) => res.body.status === 'paid')).toBe(true);
      expect(await payments([order!.id])).toEqual({ charges: 1, refunds: 0 });
      expect(await stockInMysql(t, saleId)).toEqual({ total: 2, available: 1, reserved: 0, sold: 1 });
      await expectConsistent(t, saleId, admin);
    });

    it('pay racing cancel: one wins per order, a losing charge is refunded, charges minus refunds equal paid orders', async () => {
      const saleId = await openSale({ stock: 8 });
      const shoppers = await createShoppers(t, 8);
      const orders = await Promise.all(shoppers.map((shopper) => place(saleId, shopper)));
      const ids = orders.map((placed) => placed.order!.id);
      const outcomes = await Promise.all(
        ids.map(async (id, i) => {
          const token = shoppers[i].token;
          // Staggered: some cancels land before the pay's claim, some during its charge, some after it.
          const cancel = new Promise((resolve) => setTimeout(resolve, (i % 4) * 25)).then(() =>
            t.http.post(`/api/orders/${id}/cancel`, {}, { token }),
          );
          const pay = t.http.post(`/api/orders/${id}/pay`, {}, { token });
          return { pay: (await pay).status, cancel: (await cancel).status };
        }),
      );
      for (const [i, outcome] of outcomes.entries()) {
        const { body } = await t.http.get(`/api/orders/${ids[i]}`, { token: shoppers[i].token });
        expect(body.status).toBe(outcome.pay === 200 ? 'paid' : 'cancelled');
        expect(outcome.pay === 200 ? outcome.cancel : outcome.pay).toBe(409);
      }
      const { charges, refunds } = await payments(ids);
      expect(charges - refunds).toBe(await paidOrders(saleId));
      expect(charges).toBeLessThanOrEqual(8);
      await expectConsistent(t, saleId, admin);
    });

    inProcessOnly(
      'strands nothing for long: units a crash left between the gate and MySQL are repaired without an admin',
      async () => {
        const saleId = await openSale({ stock: 4, perUserLimit: 2 });
        const [shopper, crashed] = await createShoppers(t, 2);
        expect((await place(saleId, shopper)).status).toBe(201);
        // What a process killed right after the gate leaves behind: units taken in Redis, no order in MySQL.
        const { bucketCount } = (await t.http.get(`/api/admin/flash-sales/${saleId}`, { token: admin })).body;
        const verdict = await (t as TestApp).app.get(StockGate).reserve({
          saleId,
          userId: crashed.id,
          quantity: 2,
          bucketCount,
          homeBucket: 0,
          nowMs: Date.now(),
          attemptId: `crashed-${saleId}`,
        });
        expect(verdict.ok).toBe(true);
        const drifted = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
        expect(drifted.body.consistent).toBe(false);

        // The round gives the units back, then records what it did: wait for both.
        const repaired = await eventually(async () => {
          const res = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
          return res.body.consistent && res.body.selfRepair?.repairs >= 1 ? res.body : undefined;
        }, 20000);
        expect(repaired.selfRepair).toEqual({
          lastRunAt: expect.any(String),
          repairs: 1,
          // What the latest round found: the repair, or nothing once a later round ran.
          lastFound: expect.any(Array),
        });
        const metrics = await t.http.get('/metrics');
        expect(metrics.text).toMatch(/flash_sale_stock_repairs_total\{[^}]*\} [1-9]/);
        expect((await place(saleId, crashed, { quantity: 2 })).status).toBe(201);
        await expectConsistent(t, saleId, admin);
      },
    );

    it('500 concurrent buyers for 50 units: exactly 50 orders and 450 SOLD_OUT', async () => {
      const saleId = await openSale({ stock: 50 });
      const shoppers = await createShoppers(t, 500);
      const results = await Promise.all(shoppers.map((shopper) => place(saleId, shopper)));

      const won = results.filter((r) => r.status === 201);
      const soldOut = results.filter((r) => r.code === 'SOLD_OUT');
      expect(won).toHaveLength(50);
      expect(soldOut).toHaveLength(450);
      expect(new Set(won.map((r) => r.order!.id)).size).toBe(50);
      expect(await stockInMysql(t, saleId)).toEqual({ total: 50, available: 0, reserved: 50, sold: 0 });
      const [{ n }] = await t.environment.db.query('SELECT COUNT(*) AS n FROM orders WHERE sale_id = ?', [
        saleId,
      ]);
      expect(Number(n)).toBe(50);
      await expectConsistent(t, saleId, admin);
    });

    it('one user firing 50 parallel orders gets exactly perUserLimit units', async () => {
      const saleId = await openSale({ stock: 100, perUserLimit: 3 });
      const [shopper] = await createShoppers(t, 1);
      const results = await Promise.all(Array.from({ length: 50 }, () => place(saleId, shopper)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      expect(results.filter((r) => r.code === 'LIMIT_EXCEEDED')).toHaveLength(47);
      const [{ units }] = await t.environment.db.query(
        'SELECT COALESCE(SUM(quantity), 0) AS units FROM orders WHERE sale_id = ? AND user_id = ?',
        [saleId, shopper.id],
      );
      expect(Number(units)).toBe(3);
      await expectConsistent(t, saleId, admin);
    });

    it('the same Idempotency-Key sent 20 times makes one order and answers it every time', async () => {
      const saleId = await openSale({ stock: 10, perUserLimit: 5 });
      const [shopper] = await createShoppers(t, 1);
      const headers = { 'idempotency-key': 'checkout-7f3a' };
      const results = await Promise.all(
        Array.from({ length: 20 }, () => place(saleId, shopper, {}, headers)),
      );
      expect(results.every((r) => r.status === 201)).toBe(true);
      expect(new Set(results.map((r) => r.order!.id)).size).toBe(1);
      const again = await place(saleId, shopper, {}, headers);
      expect(again.order!.id).toBe(results[0].order!.id);
      const [{ n }] = await t.environment.db.query('SELECT COUNT(*) AS n FROM orders WHERE sale_id = ?', [
        saleId,
      ]);
      expect(Number(n)).toBe(1);
      // The key belongs to that request: another quantity with it is refused, and nothing moves.
      const other = await buy(t.http, saleId, shopper, { quantity: 2 }, headers);
      expect(other.status).toBe(400);
      expect(other.body.code).toBe('BAD_REQUEST');
      await expectConsistent(t, saleId, admin);
    });

    it('cancel gives the units back, and a later buyer gets them', async () => {
      const saleId = await openSale({ stock: 1 });
      const [first, second] = await createShoppers(t, 2);
      const bought = await place(saleId, first);
      expect(bought.status).toBe(201);
      expect((await place(saleId, second)).code).toBe('SOLD_OUT');

      const cancelled = await t.http.post(
        `/api/orders/${bought.order!.id}/cancel`,
        {},
        { token: first.token },
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      const again = await t.http.post(`/api/orders/${bought.order!.id}/cancel`, {}, { token: first.token });
      expect(again.body.status).toBe('cancelled');

      expect((await place(saleId, second)).status).toBe(201);
      await expectConsistent(t, saleId, admin);
    });

    it('an unpaid order expires at expiresAt and its units go back on sale', async () => {
      const saleId = await openSale({ stock: 1, paymentTimeoutSeconds: 1 });
      const [first, second] = await createShoppers(t, 2);
      const bought = await place(saleId, first);
      expect(bought.status).toBe(201);
      const expired = await eventually(async () => {
        const order = await t.http.get(`/api/orders/${bought.order!.id}`, { token: first.token });
        return order.body.status === 'expired' ? order.body : undefined;
      }, 10000);
      expect(expired.paidAt).toBeNull();
      const paying = await t.http.post(`/api/orders/${expired.id}/pay`, {}, { token: first.token });
      expect(paying.status).toBe(409);
      expect(paying.body.code).toBe('ORDER_NOT_PAYABLE');
      expect((await place(saleId, second)).status).toBe(201);
      await expectConsistent(t, saleId, admin);
    });

    it('pay racing expiry: exactly one wins, and the stock follows the winner', async () => {
      const saleId = await openSale({ stock: 6, perUserLimit: 1, paymentTimeoutSeconds: 1 });
      const shoppers = await createShoppers(t, 6);
      const orders = await Promise.all(shoppers.map((shopper) => place(saleId, shopper)));
      // Pay each order around its deadline, staggered so some land before and some after it.
      const outcomes = await Promise.all(
        orders.map(async (placed, i) => {
          const deadline = Date.now() + 1000;
          await new Promise((resolve) =>
            setTimeout(resolve, Math.max(0, deadline - Date.now() - 150 + i * 60)),
          );
          const paid = await t.http.post(
            `/api/orders/${placed.order!.id}/pay`,
            {},
            { token: shoppers[i].token },
          );
          return paid.status;
        }),
      );
      expect(outcomes.every((status) => status === 200 || status === 409)).toBe(true);
      await eventually(async () => {
        const [{ n }] = await t.environment.db.query(
          "SELECT COUNT(*) AS n FROM orders WHERE sale_id = ? AND status = 'pending_payment'",
          [saleId],
        );
        return Number(n) === 0 ? true : undefined;
      }, 10000);
      for (const [i, placed] of orders.entries()) {
        const order = await t.http.get(`/api/orders/${placed.order!.id}`, { token: shoppers[i].token });
        expect(order.body.status).toBe(outcomes[i] === 200 ? 'paid' : 'expired');
      }
      const stock = await stockInMysql(t, saleId);
      const paid = outcomes.filter((status) => status === 200).length;
      expect(stock).toEqual({ total: 6, available: 6 - paid, reserved: 0, sold: paid });
      const { charges, refunds } = await payments(orders.map((placed) => placed.order!.id));
      expect(charges - refunds).toBe(paid);
      await expectConsistent(t, saleId, admin);
    });

    it('pays an order (twice is the same paid order); a decline leaves it payable; others get 404', async () => {
      const saleId = await openSale({ stock: 5, salePriceCents: 12345 });
      const [owner, stranger] = await createShoppers(t, 2);
      const { order } = await place(saleId, owner);
      const path = `/api/orders/${order!.id}`;

      const declined = await t.http.post(`${path}/pay`, { paymentToken: 'decline' }, { token: owner.token });
      expect(declined.status).toBe(402);
      expect(declined.body.code).toBe('PAYMENT_DECLINED');
      expect((await t.http.get(path, { token: owner.token })).body.status).toBe('pending_payment');

      expect((await t.http.get(path, { token: stranger.token })).status).toBe(404);
      expect((await t.http.post(`${path}/pay`, {}, { token: stranger.token })).status).toBe(404);
      expect((await t.http.post(`${path}/cancel`, {}, { token: stranger.token })).status).toBe(404);

      const paid = await t.http.post(`${path}/pay`, { paymentToken: 'tok_visa' }, { token: owner.token });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({
        status: 'paid',
        totalCents: 12345,
        unitPriceCents: 12345,
        quantity: 1,
      });
      expect(paid.body.paidAt).toEqual(expect.any(String));
      const twice = await t.http.post(`${path}/pay`, {}, { token: owner.token });
      expect(twice.status).toBe(200);
      expect(twice.body).toEqual(paid.body);
      // The decline charged nothing; the payment charged once.
      expect(await payments([order!.id])).toEqual({ charges: 1, refunds: 0 });

      const cancelPaid = await t.http.post(`${path}/cancel`, {}, { token: owner.token });
      expect(cancelPaid.status).toBe(409);

      const mine = await t.http.get('/api/orders', { token: owner.token });
      expect(mine.body).toMatchObject({ total: 1, items: [{ id: order!.id, status: 'paid' }] });
      await expectConsistent(t, saleId, admin);
    });

    it('once sold out, every attempt still gets its own answer (the in-memory fast path changes none)', async () => {
      const saleId = await openSale({ stock: 1, perUserLimit: 2 });
      const [winner, loser] = await createShoppers(t, 2);
      const key = { 'idempotency-key': 'winner-1' };
      const won = await place(saleId, winner, {}, key);
      expect(won.status).toBe(201);
      expect((await place(saleId, loser)).code).toBe('SOLD_OUT');

      expect((await place(saleId, winner, {}, key)).order!.id).toBe(won.order!.id);
      const zero = await buy(t.http, saleId, loser, { quantity: 0 });
      expect([zero.status, zero.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const overLimit = await buy(t.http, saleId, loser, { quantity: 3 });
      expect([overLimit.status, overLimit.body.code]).toEqual([409, 'LIMIT_EXCEEDED']);
      const anonymous = await t.http.post(`/api/flash-sales/${saleId}/orders`, {});
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      const forged = await t.http.post(`/api/flash-sales/${saleId}/orders`, {}, { token: `${loser.token}x` });
      expect(forged.status).toBe(401);
      const plain = await buy(t.http, saleId, loser, { quantity: 1 });
      expect(plain.status).toBe(409);
      expect(plain.body).toEqual({
        statusCode: 409,
        code: 'SOLD_OUT',
        message: 'This sale is sold out',
        details: [],
      });
      expect(plain.headers.get('x-request-id')).toBeTruthy();

      const summary = await eventually(async () => {
        const res = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
        return res.body.attempts.soldOut >= 2 ? res.body : undefined;
      });
      expect(summary.attempts).toMatchObject({ accepted: 1, soldOut: 2, limitExceeded: 1 });
      await expectConsistent(t, saleId, admin);
    });

    it('the storefront shows a sale sold out as soon as an attempt finds it sold out, and a cancelled unit back', async () => {
      const saleId = await openSale({ stock: 3 });
      const shoppers = await createShoppers(t, 4);
      // Fills the cache with "3 left" (1 s in process, 30 s in Redis): only the sell-out can clear it in time.
      expect((await t.http.get(`/api/flash-sales/${saleId}`)).body.remaining).toBe(3);
      const taken = [];
      for (const shopper of shoppers.slice(0, 3)) taken.push(await buy(t.http, saleId, shopper));
      expect(taken.map((res) => res.status)).toEqual(Array(3).fill(answersWithTicket(strategy) ? 202 : 201));
      expect((await buy(t.http, saleId, shoppers[3])).body.code).toBe('SOLD_OUT');

      // For async the orders may still be on their way to MySQL: the page counts what the gate has handed out.
      const page = await t.http.get(`/api/flash-sales/${saleId}`);
      expect([page.status, page.body.remaining]).toEqual([200, 0]);
      const settled = await Promise.all(taken.map((res, i) => settle(res, shoppers[i])));

      // A cancelled unit is on sale again, and the page says so well before the cache would have expired.
      const cancel = await t.http.post(
        `/api/orders/${settled[0].order!.id}/cancel`,
        {},
        { token: shoppers[0].token },
      );
      expect(cancel.status).toBe(200);
      const back = await eventually(async () => {
        const res = await t.http.get(`/api/flash-sales/${saleId}`);
        return res.body.remaining === 1 ? res.body : undefined;
      }, 3000);
      expect(back.remaining).toBe(1);
      await expectConsistent(t, saleId, admin);
    });

    it('refuses bad quantities with 400, over-limit ones with 409, and moves no stock', async () => {
      const saleId = await openSale({ stock: 10, perUserLimit: 2 });
      const [shopper] = await createShoppers(t, 1);
      for (const quantity of [0, -1, 1.5, 'two', '1', true, 101]) {
        const res = await buy(t.http, saleId, shopper, { quantity });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'quantity' }] });
      }
      const unknownField = await buy(t.http, saleId, shopper, { quantity: 1, price: 1 });
      expect(unknownField.status).toBe(400);
      const overLimit = await buy(t.http, saleId, shopper, { quantity: 3 });
      expect(overLimit.status).toBe(409);
      expect(overLimit.body.code).toBe('LIMIT_EXCEEDED');
      expect(await stockInMysql(t, saleId)).toEqual({ total: 10, available: 10, reserved: 0, sold: 0 });
      expect((await place(saleId, shopper, { quantity: 2 })).status).toBe(201);
      await expectConsistent(t, saleId, admin);
    });

    it('refuses orders before the start and after the end with 409, and unknown sales with 404', async () => {
      const later = await createSale(t.http, admin, { strategy, ...extra, stock: 5, startsInMs: 60_000 });
      const [shopper] = await createShoppers(t, 1);
      const early = await buy(t.http, later, shopper);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('SALE_NOT_STARTED');

      const brief = await openSale({ stock: 5, startsInMs: 300, endsInMs: 900 });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const late = await buy(t.http, brief, shopper);
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('SALE_ENDED');

      expect((await buy(t.http, '999999999', shopper)).status).toBe(404);
      expect((await buy(t.http, 'not-a-sale', shopper)).status).toBe(404);
      expect((await t.http.post(`/api/flash-sales/${later}/orders`, {})).status).toBe(401);
      await expectConsistent(t, later, admin);
      await expectConsistent(t, brief, admin);
    });
  });
}
