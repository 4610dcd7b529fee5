import { Queue } from 'bullmq';
import { AppConfig } from '../../src/config/app-config';
import { redisOptionsFromUrl } from '../../src/config/redis-url';
import { eventually } from '../support/accounts';
import { spawnEntryPoint } from '../support/processes';
import { buy, createSale, createShoppers, expectConsistent, untilOpen } from '../support/sales';
import { TcpProxy } from '../support/tcp-proxy';
import { type AdminTestApp, startAppInstance, startAppWithAdmin, type TestApp } from '../support/test-app';

/** The API answers here; workers run elsewhere (a spawned process or another instance), as in production. */
describe('async ordering under faults', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin({ APP_ROLE: 'api', ORDER_JOB_LOCK_MS: '2000' });
    admin = t.admin;
  });
  afterAll(() => t.close());

  const ticketOf = async (ticketId: string, token: string) =>
    (await t.http.get(`/api/order-tickets/${ticketId}`, { token })).body;

  it('a worker killed with SIGKILL mid-job: the job runs again and exactly one order exists', async () => {
    const saleId = await createSale(t.http, admin, { stock: 3, strategy: 'async' });
    await untilOpen(t.http, saleId);
    const [shopper] = await createShoppers(t, 1);

    // Hold the stock row, so the worker's transaction blocks half-way (order row written, stock not yet).
    const runner = t.environment.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SELECT * FROM sale_stock_buckets WHERE sale_id = ? FOR UPDATE', [saleId]);

    const first = spawnEntryPoint('src/worker.ts', {
      ...t.environment.env,
      APP_ROLE: 'worker',
      ORDER_JOB_LOCK_MS: '2000',
      LOG_LEVEL: 'info',
    });
    let second: ReturnType<typeof spawnEntryPoint> | undefined;
    try {
      // Started from source, the worker takes a while to come up on a busy machine.
      await eventually(
        () => Promise.resolve(/Worker started/.test(first.output()) ? true : undefined),
        90000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the worker said:\n${first.output().slice(-3000)}`);
      });
      const accepted = await buy(t.http, saleId, shopper);
      expect(accepted.status).toBe(202);
      const { ticketId } = accepted.body;
      await eventually(async () => {
        // Our own user's threads are visible without the PROCESS privilege: the worker's is waiting on the row.
        const [row] = await t.environment.db.query(
          "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT available AS units, version FROM sale_stock_buckets%'",
        );
        return Number(row.n) > 0 ? true : undefined;
      }, 60000);

      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      await runner.rollbackTransaction();
      expect((await ticketOf(ticketId, shopper.token)).status).toBe('queued');

      second = spawnEntryPoint('src/worker.ts', {
        ...t.environment.env,
        APP_ROLE: 'worker',
        ORDER_JOB_LOCK_MS: '2000',
        LOG_LEVEL: 'info',
      });
      const done = await eventually(async () => {
        const ticket = await ticketOf(ticketId, shopper.token);
        return ticket.status === 'queued' ? undefined : ticket;
      }, 90000).catch((error: Error) => {
        throw new Error(`${error.message}; the second worker said:\n${second?.output().slice(-4000)}`);
      });
      expect(done).toMatchObject({ status: 'succeeded', orderId: expect.any(String) });
      const orders = await t.environment.db.query('SELECT id FROM orders WHERE attempt_id = ?', [ticketId]);
      expect(orders).toHaveLength(1);
      await expectConsistent(t, saleId, admin);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      first.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      await second?.exited;
    }
  }, 240000);

  it('a worker killed twice mid-job: BullMQ fails the job as stalled, and its ticket ends with the units back', async () => {
    const saleId = await createSale(t.http, admin, { stock: 3, perUserLimit: 2, strategy: 'async' });
    await untilOpen(t.http, saleId);
    const [shopper] = await createShoppers(t, 1);
    const { keyPrefix } = t.environment.config.redis;
    const gateKey = (suffix: string) => `${keyPrefix}fs:{sale:${saleId}}:${suffix}`;
    const workerEnv = {
      ...t.environment.env,
      APP_ROLE: 'worker',
      ORDER_JOB_LOCK_MS: '2000',
      LOG_LEVEL: 'info',
    };

    // Hold the stock row, so every worker's transaction blocks half-way and never commits.
    const runner = t.environment.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SELECT * FROM sale_stock_buckets WHERE sale_id = ? FOR UPDATE', [saleId]);
    const workers: ReturnType<typeof spawnEntryPoint>[] = [];
    const startWorker = async () => {
      const worker = spawnEntryPoint('src/worker.ts', workerEnv);
      workers.push(worker);
      await eventually(
        () => Promise.resolve(/Worker started/.test(worker.output()) ? true : undefined),
        90000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the worker said:\n${worker.output().slice(-3000)}`);
      });
      return worker;
    };
    /** How many times a worker has taken the job (BullMQ's attemptsStarted). */
    const started = async (ticketId: string) =>
      Number(await t.environment.redis.hget(`${keyPrefix}bull:order-placement:${ticketId}`, 'ats'));
    try {
      const first = await startWorker();
      const accepted = await buy(t.http, saleId, shopper, { quantity: 2 });
      expect(accepted.status).toBe(202);
      const { ticketId } = accepted.body;
      await eventually(async () => ((await started(ticketId)) >= 1 ? true : undefined), 60000);
      first.child.kill('SIGKILL');
      await first.exited;

      // The next worker takes the stalled job over, and dies on it too.
      const second = await startWorker();
      await eventually(async () => ((await started(ticketId)) >= 2 ? true : undefined), 60000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      second.child.kill('SIGKILL');
      await second.exited;
      expect((await ticketOf(ticketId, shopper.token)).status).toBe('queued');
      expect(Number(await t.environment.redis.get(gateKey('stock:0')))).toBe(1);

      // Stalled a second time: BullMQ fails the job without running it. The ticket must end all the same.
      const third = await startWorker();
      const ended = await eventually(async () => {
        const ticket = await ticketOf(ticketId, shopper.token);
        return ticket.status === 'queued' ? undefined : ticket;
      }, 60000).catch((error: Error) => {
        throw new Error(`${error.message}; the third worker said:\n${third.output().slice(-4000)}`);
      });
      expect(ended).toMatchObject({ status: 'failed', reason: 'BUSY' });
      // The units and the buyer's count are back in the gate, and the job is failed, not waiting.
      expect(Number(await t.environment.redis.get(gateKey('stock:0')))).toBe(3);
      expect(await t.environment.redis.hget(gateKey('buyers'), shopper.id)).toBeNull();
      expect(
        await t.environment.redis.hget(`${keyPrefix}bull:order-placement:${ticketId}`, 'finishedOn'),
      ).toBeTruthy();

      await runner.rollbackTransaction();
      // No order was written, and nothing else is stranded: the buyer may buy again.
      const orders = await t.environment.db.query('SELECT id FROM orders WHERE attempt_id = ?', [ticketId]);
      expect(orders).toHaveLength(0);
      await expectConsistent(t, saleId, admin);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      for (const worker of workers) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    }
  }, 400000);

  it('MySQL away for a while: jobs retry with backoff, tickets stay queued, then succeed', async () => {
    const proxy = await new TcpProxy(t.environment.config.db.host, t.environment.config.db.port).start();
    const worker = await startAppInstance(
      AppConfig.fromEnv({
        ...t.environment.env,
        APP_ROLE: 'all',
        DB_PORT: String(proxy.port),
        DB_CONNECT_TIMEOUT_MS: '1000',
      }),
    );
    try {
      const saleId = await createSale(t.http, admin, { stock: 5, strategy: 'async' });
      await untilOpen(t.http, saleId);
      const shoppers = await createShoppers(t, 2);
      await proxy.cut();

      const tickets = await Promise.all(shoppers.map((shopper) => buy(t.http, saleId, shopper)));
      expect(tickets.map((res) => res.status)).toEqual([202, 202]);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      for (const [i, res] of tickets.entries()) {
        expect((await ticketOf(res.body.ticketId, shoppers[i].token)).status).toBe('queued');
      }

      await proxy.restore();
      for (const [i, res] of tickets.entries()) {
        const ticket = await eventually(async () => {
          const polled = await ticketOf(res.body.ticketId, shoppers[i].token);
          return polled.status === 'queued' ? undefined : polled;
        }, 30000);
        expect(ticket.status).toBe('succeeded');
      }
      await expectConsistent(t, saleId, admin);
    } finally {
      await worker.close();
      await proxy.stop();
    }
  });

  it('a ticket is its owner’s: unknown or someone else’s is 404', async () => {
    const saleId = await createSale(t.http, admin, { stock: 5, strategy: 'async' });
    await untilOpen(t.http, saleId);
    const [owner, stranger] = await createShoppers(t, 2);
    const { ticketId } = (await buy(t.http, saleId, owner)).body;
    expect((await t.http.get(`/api/order-tickets/${ticketId}`, { token: owner.token })).status).toBe(200);
    const foreign = await t.http.get(`/api/order-tickets/${ticketId}`, { token: stranger.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect((await t.http.get('/api/order-tickets/no-such-ticket', { token: owner.token })).status).toBe(404);
  });
});

describe('async back-pressure', () => {
  it('beyond the waiting-job bound, attempts get 503 BUSY with Retry-After and take no stock', async () => {
    // An API with no worker anywhere: every accepted attempt stays waiting.
    const t = await startAppWithAdmin({ APP_ROLE: 'api', ORDER_QUEUE_MAX_WAITING: '5' });
    try {
      const { admin } = t;
      const saleId = await createSale(t.http, admin, { stock: 50, strategy: 'async' });
      await untilOpen(t.http, saleId);
      const shoppers = await createShoppers(t, 8);
      const statuses: number[] = [];
      let busy;
      for (const shopper of shoppers) {
        const res = await buy(t.http, saleId, shopper);
        statuses.push(res.status);
        if (res.status === 503) busy = res;
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 503, 503, 503]);
      if (!busy) throw new Error('no attempt was turned away');
      expect(busy.body).toMatchObject({ code: 'BUSY' });
      expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const summary = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
      // Only the five accepted attempts took units from the gate.
      const gate = await t.environment.redis.get(
        `${t.environment.config.redis.keyPrefix}fs:{sale:${saleId}}:stock:0`,
      );
      expect(Number(gate)).toBe(45);
      expect(summary.body.attempts).toMatchObject({ accepted: 5, other: 3 });
    } finally {
      await t.close();
    }
  });
});

/** Removes an async attempt's job from the order queue, as if no worker had heard of it (or a failover lost it). */
async function removeJob(t: TestApp, ticketId: string): Promise<void> {
  const { keyPrefix, url } = t.environment.config.redis;
  const queue = new Queue('order-placement', {
    connection: redisOptionsFromUrl(url),
    prefix: `${keyPrefix}bull`,
  });
  try {
    expect(await queue.remove(ticketId)).toBe(1);
  } finally {
    await queue.close();
  }
}

describe('async tickets after a Redis failover lost their last writes', () => {
  // A failover loses what the master acknowledged but had not shipped to its replica: here, played by deleting
  // those keys. Stranded after 3 s (STOCK_STRANDED_AFTER_SECONDS 1, floored at the MySQL deadline + 2 s).
  const quick = { STOCK_STRANDED_AFTER_SECONDS: '1', BREAKER_MYSQL_TIMEOUT_MS: '1000' };

  /** One async attempt accepted (202), then its job lost. */
  const queuedThenJobLost = async (t: AdminTestApp) => {
    const saleId = await createSale(t.http, t.admin, { stock: 3, strategy: 'async' });
    await untilOpen(t.http, saleId);
    const [shopper] = await createShoppers(t, 1);
    const accepted = await buy(t.http, saleId, shopper);
    expect(accepted.status).toBe(202);
    const { ticketId } = accepted.body as { ticketId: string };
    await removeJob(t, ticketId);
    return { saleId, shopper, ticketId, keyPrefix: t.environment.config.redis.keyPrefix };
  };

  it('the job and the gate’s in-flight entry were lost: the owner’s poll ends the overdue ticket', async () => {
    // No worker and no self-repair: only the poll can end it.
    const t = await startAppWithAdmin({ APP_ROLE: 'api', ...quick });
    try {
      const { saleId, shopper, ticketId, keyPrefix } = await queuedThenJobLost(t);
      await t.environment.redis.hdel(`${keyPrefix}fs:{sale:${saleId}}:inflight`, ticketId);

      const poll = async () =>
        (await t.http.get(`/api/order-tickets/${ticketId}`, { token: shopper.token })).body;
      expect((await poll()).status).toBe('queued'); // not overdue yet: its job might still be added
      const ended = await eventually(async () => {
        const ticket = await poll();
        return ticket.status === 'queued' ? undefined : ticket;
      }, 15000);
      expect(ended).toMatchObject({ status: 'failed', reason: 'BUSY' });
    } finally {
      await t.close();
    }
  }, 60000);

  it('the ticket’s record was lost and its job cannot run: the ticket is written again, failed, not a 404', async () => {
    const t = await startAppWithAdmin({ APP_ROLE: 'api' });
    let worker: Awaited<ReturnType<typeof startAppInstance>> | undefined;
    try {
      const { saleId, shopper, ticketId, keyPrefix } = await queuedThenJobLost(t);
      await t.environment.redis.del(`${keyPrefix}ticket:${ticketId}`);

      // Self-repair finds the attempt in the gate's in-flight list and ends it.
      worker = await startAppInstance(
        AppConfig.fromEnv({ ...t.environment.env, APP_ROLE: 'all', STOCK_REPAIR_SECONDS: '1', ...quick }),
      );
      const ended = await eventually(async () => {
        const res = await t.http.get(`/api/order-tickets/${ticketId}`, { token: shopper.token });
        return res.status === 200 && res.body.status !== 'queued' ? res.body : undefined;
      }, 30000);
      expect(ended).toMatchObject({ status: 'failed', reason: 'BUSY' });
      expect(Number(await t.environment.redis.get(`${keyPrefix}fs:{sale:${saleId}}:stock:0`))).toBe(3);
      // Still its owner's only.
      const [other] = await createShoppers(t, 1);
      expect((await t.http.get(`/api/order-tickets/${ticketId}`, { token: other.token })).status).toBe(404);
    } finally {
      await worker?.close();
      await t.close();
    }
  }, 120000);
});

describe('async tickets whose job is removed', () => {
  it('a job removed while no worker listened: self-repair ends its ticket and gives the units back', async () => {
    // An API with no worker: the job waits, and is removed before any worker hears of it.
    const t = await startAppWithAdmin({ APP_ROLE: 'api' });
    let worker: Awaited<ReturnType<typeof startAppInstance>> | undefined;
    try {
      const { admin } = t;
      const saleId = await createSale(t.http, admin, { stock: 3, perUserLimit: 2, strategy: 'async' });
      await untilOpen(t.http, saleId);
      const [shopper] = await createShoppers(t, 1);
      const accepted = await buy(t.http, saleId, shopper, { quantity: 2 });
      expect(accepted.status).toBe(202);
      const { ticketId } = accepted.body;
      const { keyPrefix } = t.environment.config.redis;
      await removeJob(t, ticketId);

      worker = await startAppInstance(
        AppConfig.fromEnv({
          ...t.environment.env,
          // The HTTP app with its workers (the worker entry point is src/worker.ts).
          APP_ROLE: 'all',
          STOCK_REPAIR_SECONDS: '1',
          STOCK_STRANDED_AFTER_SECONDS: '1',
          BREAKER_MYSQL_TIMEOUT_MS: '1000',
        }),
      );
      const ended = await eventually(async () => {
        const ticket = (await t.http.get(`/api/order-tickets/${ticketId}`, { token: shopper.token })).body;
        return ticket.status === 'queued' ? undefined : ticket;
      }, 30000).catch(async (error) => {
        const res = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
        const inflight = await t.environment.redis.hgetall(`${keyPrefix}fs:{sale:${saleId}}:inflight`);
        throw new Error(`${String(error)} ${JSON.stringify(res.body)} ${JSON.stringify(inflight)}`);
      });
      expect(ended).toMatchObject({ status: 'failed', reason: 'BUSY' });
      expect(Number(await t.environment.redis.get(`${keyPrefix}fs:{sale:${saleId}}:stock:0`))).toBe(3);
      const summary = await eventually(async () => {
        const res = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
        return res.body.selfRepair?.repairs >= 1 ? res.body : undefined;
      }, 10000);
      expect(summary.selfRepair.repairs).toBe(1);
      await expectConsistent(t, saleId, admin);
    } finally {
      await worker?.close();
      await t.close();
    }
  }, 120000);
});
