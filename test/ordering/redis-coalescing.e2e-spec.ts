import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Redis } from 'ioredis';
import { OrderPlacementQueue } from '../../src/domain/ordering/order-placement-queue';
import { type GateRequest, type GateVerdict } from '../../src/domain/ordering/stock-gate';
import { type BullmqOrderPlacementQueue } from '../../src/infrastructure/queue/bullmq-order-placement-queue';
import { FLASH_SALE_REDIS } from '../../src/infrastructure/redis/redis-clients';
import { RedisStockGate } from '../../src/infrastructure/redis/redis-stock-gate';
import { eventually } from '../support/accounts';
import { buy, createSale, createShoppers, expectConsistent, type Shopper, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

const RESERVE_LUA = readFileSync(
  join(__dirname, '../../src/infrastructure/redis/lua/reserve-many.lua'),
  'utf8',
);
const RESERVE_SHA = createHash('sha1').update(RESERVE_LUA).digest('hex');

/**
 * The accepted attempt's Redis round trips coalesce: attempts at one sale that arrive in the same turn of the
 * event loop go to the gate in one script call (each decided as if alone), and their BullMQ jobs in one
 * addBulk. Counted in commands the app's flash-sale client really sent (EVALSHA/EVAL of reserve-many.lua), on
 * a real Redis, with the verdicts, MySQL and the summary checked as well.
 */
describe('Redis round trips of accepted attempts coalesce', () => {
  let t: AdminTestApp;
  let admin: string;
  let gate: RedisStockGate;
  let sent: jest.SpyInstance;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
    gate = t.app.get(RedisStockGate);
  });
  beforeEach(() => {
    const redis = t.app.get<Redis>(FLASH_SALE_REDIS);
    sent = jest.spyOn(redis, 'sendCommand');
  });
  afterEach(() => sent.mockRestore());
  afterAll(async () => {
    await t?.close();
  });

  /**
   * Gate script commands sent since the spy was set. ioredis sends a script as EVALSHA <sha>, or as EVAL <script>
   * the first time on a connection (it rewrites the command object as it writes it): one command either way.
   */
  const gateCalls = (): number =>
    sent.mock.calls.filter(([command]: [{ name: string; args: unknown[] }]) => {
      const name = command.name.toLowerCase();
      return (
        (name === 'evalsha' && command.args[0] === RESERVE_SHA) ||
        (name === 'eval' && command.args[0] === RESERVE_LUA)
      );
    }).length;

  const request = (saleId: string, shopper: Shopper, quantity: number): GateRequest => ({
    saleId,
    userId: shopper.id,
    quantity,
    bucketCount: 1,
    homeBucket: 0,
    nowMs: Date.now(),
    attemptId: randomUUID(),
  });

  it('decides attempts of one turn in one script call, each as if it ran alone, in arrival order', async () => {
    const saleId = await createSale(t.http, admin, { stock: 5, perUserLimit: 2, strategy: 'sync' });
    await untilOpen(t.http, saleId);
    const [a, b, c, d, e] = await createShoppers(t, 5);
    // The gate is loaded when the sale is made (no attempt here may find it missing and load it itself).
    await eventually(async () => ((await gate.read(saleId, 1)) ? true : undefined));
    sent.mockClear();
    const before = { ...gate.reservations.stats };
    const verdicts: GateVerdict[] = await Promise.all([
      gate.reserve(request(saleId, a, 2)), // 5 → 3
      gate.reserve(request(saleId, b, 2)), // 3 → 1
      gate.reserve(request(saleId, a, 1)), // a holds 2 of 2: over the limit
      gate.reserve(request(saleId, c, 2)), // 1 left: insufficient, with what is left
      gate.reserve(request(saleId, d, 1)), // the last unit
      gate.reserve(request(saleId, e, 1)), // nothing left: sold out
    ]);
    expect(verdicts).toEqual([
      { ok: true, bucketNo: 0, parts: [{ bucketNo: 0, units: 2 }] },
      { ok: true, bucketNo: 0, parts: [{ bucketNo: 0, units: 2 }] },
      { ok: false, reason: 'limit_exceeded' },
      { ok: false, reason: 'insufficient', left: 1 },
      { ok: true, bucketNo: 0, parts: [{ bucketNo: 0, units: 1 }] },
      // With the three attempts above still in flight (no order written yet).
      { ok: false, reason: 'sold_out', inFlight: 3 },
    ]);
    expect(gateCalls()).toBe(1);
    expect(gate.reservations.stats.batches - before.batches).toBe(1);
    expect(gate.reservations.stats.items - before.items).toBe(6);
    // Each accepted attempt is in flight under its own id, with its user, quantity and parts.
    const inFlight = await gate.inFlight(saleId);
    expect(inFlight.map((x) => [x.userId, x.quantity]).sort()).toEqual(
      [
        [a.id, 2],
        [b.id, 2],
        [d.id, 1],
      ].sort(),
    );
    expect(await gate.read(saleId, 1)).toEqual({ buckets: [0], buyerUnits: 5 });
  });

  it('answers a crowd of async attempts with fewer gate calls and job additions than attempts', async () => {
    const attempts = 60;
    const stock = 40;
    const saleId = await createSale(t.http, admin, { stock, strategy: 'async' });
    await untilOpen(t.http, saleId);
    const shoppers = await createShoppers(t, attempts);
    const queue = t.app.get<OrderPlacementQueue, BullmqOrderPlacementQueue>(OrderPlacementQueue);
    sent.mockClear();
    const gateBefore = { ...gate.reservations.stats };
    const jobsBefore = { ...queue.additions.stats };

    const answers = await Promise.all(shoppers.map((shopper) => buy(t.http, saleId, shopper)));

    const accepted = answers.filter((answer) => answer.status === 202);
    expect(accepted).toHaveLength(stock);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(attempts - stock);
    const gateBatches = gate.reservations.stats.batches - gateBefore.batches;
    const jobBatches = queue.additions.stats.batches - jobsBefore.batches;
    // Every attempt reached the gate at most once (those after the sold-out mark did not), in fewer calls.
    const gateItems = gate.reservations.stats.items - gateBefore.items;
    expect(gateItems).toBeGreaterThanOrEqual(stock);
    expect(gateItems).toBeLessThanOrEqual(attempts);
    expect(gateCalls()).toBe(gateBatches);
    expect(gateBatches).toBeLessThan(gateItems);
    expect(queue.additions.stats.items - jobsBefore.items).toBe(stock);
    expect(jobBatches).toBeLessThan(stock);
    process.stdout.write(
      `${gateItems} attempts at the gate: ${gateBatches} script calls; ${stock} jobs: ${jobBatches} addBulk calls\n`,
    );

    // Every ticket ends with its order: the coalesced path loses nothing.
    const byShopper = new Map(shoppers.map((shopper, i) => [answers[i], shopper]));
    const tickets = await Promise.all(
      accepted.map((answer) =>
        eventually(async () => {
          const polled = await t.http.get(answer.body.pollUrl, { token: byShopper.get(answer)!.token });
          return polled.body.status === 'queued' ? undefined : polled.body;
        }, 20_000),
      ),
    );
    expect(tickets.map((ticket) => ticket.status)).toEqual(Array(stock).fill('succeeded'));
    await eventually(async () => ((await gate.inFlight(saleId)).length === 0 ? true : undefined), 10_000);
    await expectConsistent(t, saleId, admin);
  });
});
