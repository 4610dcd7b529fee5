import { eventually, logInAsAdmin } from '../support/accounts';
import { type HttpClient } from '../support/http-client';
import { describeOrderingContract } from '../ordering/ordering-contract';
import { buy, createSale, createShoppers, type Shopper, stockInMysql, untilOpen } from '../support/sales';
import { startTopology, type Topology } from '../support/topology';

/**
 * scripts/topology.sh for real: nginx (least_conn, kept-alive upstreams) in front of two API processes and a
 * worker, on a Redis Cluster of three masters with a replica each. The ordering contract runs through nginx for
 * every strategy; then what only several instances can get wrong; then a master is killed mid-sale.
 */
let topology: Topology;

beforeAll(async () => {
  // Sold-out marks held for a minute: only the restock broadcast can clear another instance's mark in time.
  topology = await startTopology({
    ORDER_EXPIRY_SWEEP_SECONDS: '1',
    ORDERING_SOLD_OUT_MEMORY_MS: '60000',
    // The failover loses a master's last writes (jobs, job states, the gate's in-flight entries): what ends the
    // tickets then (a stalled job's lock lapsing, self-repair, a poll of an overdue ticket) runs within seconds.
    ORDER_JOB_LOCK_MS: '5000',
    STOCK_REPAIR_SECONDS: '2',
    STOCK_STRANDED_AFTER_SECONDS: '1',
    // Error lines land in the topology's logs: a 500 during the failover names its cause.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
  });
}, 240_000);
afterAll(() => topology?.close(), 60_000);

const target = () => Promise.resolve({ ...topology, close: () => Promise.resolve() });

describeOrderingContract('sync', {}, target);
describeOrderingContract('async', {}, target);
describeOrderingContract('bucketed', { bucketCount: 8 }, target);

describe('topology: every instance sees what another one did', () => {
  let admin: string;
  let apis: HttpClient[];

  beforeAll(async () => {
    admin = await logInAsAdmin(topology.http);
    apis = await topology.apis();
  });

  it('runs what it says: 3 masters, 3 replicas, 2 APIs, a worker and nginx, all running', async () => {
    const processes = await topology.status();
    const count = (role: string) => processes.filter((p) => p.role === role && p.running).length;
    expect([
      count('redis-master'),
      count('redis-replica'),
      count('api'),
      count('worker'),
      count('nginx'),
    ]).toEqual([3, 3, 2, 1, 1]);
    expect(apis).toHaveLength(2);
  });

  it('a restock on one instance clears the sold-out mark of every instance', async () => {
    const [a, b] = apis;
    const saleId = await createSale(a, admin, { strategy: 'sync', stock: 1 });
    await untilOpen(a, saleId);
    const [winner, loser] = await createShoppers(topology, 2);
    const won = await buy(a, saleId, winner);
    expect(won.status).toBe(201);
    // Both instances now hold a sold-out mark (for a minute).
    for (const api of apis) expect((await buy(api, saleId, loser)).body.code).toBe('SOLD_OUT');

    const cancelled = await a.post(`/api/orders/${won.body.id}/cancel`, {}, { token: winner.token });
    expect(cancelled.status).toBe(200);
    const bought = await eventually(async () => {
      const res = await buy(b, saleId, loser);
      return res.status === 201 ? res : undefined;
    }, 3000);
    expect(bought.body.quantity).toBe(1);
  });

  it('a ban placed through one instance is enforced by every instance at once, and so is its lift', async () => {
    const [a] = apis;
    const ip = '203.0.113.77';
    // Straight to each API with one X-Forwarded-For entry: the client address under TRUST_PROXY either way.
    const from = (api: HttpClient) => api.get('/api/flash-sales', { headers: { 'x-forwarded-for': ip } });
    for (const api of apis) expect((await from(api)).status).toBe(200);

    expect((await a.post('/api/admin/ip-bans', { ip }, { token: admin })).status).toBe(201);
    for (const api of apis) {
      const refused = await eventually(async () => {
        const res = await from(api);
        return res.status === 403 ? res : undefined;
      }, 2000);
      expect(refused.body.code).toBe('IP_BANNED');
    }
    expect((await a.delete(`/api/admin/ip-bans/${ip}`, { token: admin })).status).toBeLessThan(300);
    for (const api of apis) {
      await eventually(async () => ((await from(api)).status === 200 ? true : undefined), 2000);
    }
  });

  it('the live stream delivers an order notification whichever instance (or nginx) the buyer is connected to', async () => {
    const [a] = apis;
    const saleId = await createSale(a, admin, { strategy: 'sync', stock: 5 });
    await untilOpen(a, saleId);
    const [shopper] = await createShoppers(topology, 1);
    const streams = [...apis.map((api) => api.baseUrl), topology.entry].map((base) =>
      openStream(base, shopper.token),
    );
    const opened = await Promise.all(streams);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the subscriptions settle
    expect((await buy(a, saleId, shopper)).status).toBe(201);
    const events = await Promise.all(opened.map((stream) => stream.next('notification')));
    for (const stream of opened) stream.close();
    for (const event of events) expect(event).toMatchObject({ kind: 'order_placed' });
  });
});

describe('topology: a Redis master dies mid-sale', () => {
  it('no unit oversold, no success without an order, every ticket ends, and a reconcile realigns the gate', async () => {
    const admin = await logInAsAdmin(topology.http);
    const stock = 150;
    const anyNode = (await topology.status()).find((p) => p.role === 'redis-master')!.port;
    const ownerOf = async (saleId: string) => {
      const slot = Number(await topology.redisCli(anyNode, 'cluster', 'keyslot', `sale:${saleId}`));
      return masterPortOf(await topology.redisCli(anyNode, 'cluster', 'nodes'), slot);
    };
    // The master that holds the order queue (BullMQ's hash-tagged prefix) and both sales' keys: its death loses
    // the gate's last writes, the last jobs added and the last job states at once.
    const queueSlot = Number(
      await topology.redisCli(
        anyNode,
        'cluster',
        'keyslot',
        `${topology.environment.env.REDIS_KEY_PREFIX}bull`,
      ),
    );
    const victimPort = masterPortOf(await topology.redisCli(anyNode, 'cluster', 'nodes'), queueSlot);
    // A sale id's slot is as good as random: a few tries each.
    const saleOnVictim = async (strategy: 'sync' | 'async') => {
      for (let i = 0; i < 24; i++) {
        const id = await createSale(topology.http, admin, { strategy, stock, startsInMs: 3000 });
        if ((await ownerOf(id)) === victimPort) return id;
      }
      throw new Error(`no ${strategy} sale landed on the queue's master`);
    };
    const syncSale = await saleOnVictim('sync');
    const asyncSale = await saleOnVictim('async');
    const shoppers = await createShoppers(topology, 600);
    await untilOpen(topology.http, syncSale);
    await untilOpen(topology.http, asyncSale);

    const victim = (await topology.status()).find((p) => p.port === victimPort)!;
    const crowd = new Crowd(topology.http);
    const killAfter = 120;
    let killedAt = 0;
    const attempts = shoppers.map((shopper, i) => ({ shopper, saleId: i % 2 === 0 ? syncSale : asyncSale }));
    const settled = await crowd.run(attempts, 30, () => {
      if (killedAt === 0 && crowd.answered >= killAfter) {
        killedAt = Date.now();
        process.kill(victim.pid, 'SIGKILL');
      }
    });
    expect(killedAt).toBeGreaterThan(0);

    // The replica took over.
    await eventually(async () => {
      const masters = (await topology.status()).filter((p) => p.role === 'redis-master' && p.running);
      return masters.length === 3 ? true : undefined;
    }, 20000);

    // Every ticket ends, and every success names an order that MySQL has.
    const told: { saleId: string; shopper: Shopper; orderId: string }[] = [];
    for (const attempt of settled) {
      if (attempt.final.status === 201) {
        told.push({ ...attempt, orderId: attempt.final.body.id });
      } else if (attempt.final.status === 202) {
        let last: unknown;
        const ticket = await eventually(async () => {
          const polled = await topology.http.get(attempt.final.body.pollUrl, {
            token: attempt.shopper.token,
          });
          last = { status: polled.status, body: polled.body };
          return polled.status === 200 && polled.body.status !== 'queued' ? polled.body : undefined;
        }, 60000).catch((error: Error) => {
          const logs = topology.errorLogs().slice(-20).join('\n');
          throw new Error(
            `${error.message}: ${attempt.final.body.pollUrl} last answered ${JSON.stringify(last)}; error lines:\n${logs}`,
          );
        });
        if (ticket.status === 'succeeded') told.push({ ...attempt, orderId: ticket.orderId });
      }
    }
    const db = topology.environment.db;
    for (const { orderId, shopper, saleId } of told) {
      const [row] = await db.query('SELECT user_id, sale_id FROM orders WHERE id = ?', [orderId]);
      expect(row && [String(row.user_id), String(row.sale_id)]).toEqual([shopper.id, saleId]);
    }

    for (const saleId of [syncSale, asyncSale]) {
      const mysql = await stockInMysql(topology, saleId);
      expect(mysql.available + mysql.reserved + mysql.sold).toBe(stock);
      const [{ units, perUser }] = await db.query(
        `SELECT COALESCE(SUM(quantity), 0) AS units, COALESCE(MAX(n), 0) AS perUser
           FROM (SELECT user_id, SUM(quantity) AS quantity, COUNT(*) AS n FROM orders
                  WHERE sale_id = ? AND status <> 'cancelled' GROUP BY user_id) AS per_user`,
        [saleId],
      );
      expect(Number(units)).toBe(mysql.reserved + mysql.sold);
      expect(Number(units)).toBeLessThanOrEqual(stock);
      expect(Number(perUser)).toBeLessThanOrEqual(1);

      // Self-repair: the gate is rebuilt from MySQL's numbers.
      const reconciled = await topology.http.post(
        `/api/admin/flash-sales/${saleId}/reconcile`,
        {},
        { token: admin },
      );
      expect(reconciled.status).toBeLessThan(300);
      const summary = await eventually(async () => {
        const res = await topology.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
        return res.body.consistent === true ? res.body : undefined;
      }, 10000);
      expect(summary.drift).toEqual([]);
    }

    // What the shoppers saw (docs/scale-out.md quotes a run of this).
    const errors = crowd.log.filter(
      (entry) => entry.at >= killedAt && (entry.status >= 500 || entry.status === 0),
    );
    const byStatus = Object.fromEntries(
      [...new Set(errors.map((e) => e.status))].map((status) => [
        status,
        errors.filter((e) => e.status === status).length,
      ]),
    );
    // A shopper caught in the gap is told to come back (503 BUSY, Retry-After), never "something broke" (500).
    const unexpected = topology.errorLogs().filter((line) => line.includes('"context":"HttpError"'));
    expect({ internal: errors.filter((e) => e.status === 500), logged: unexpected }).toEqual({
      internal: [],
      logged: [],
    });
    const lastError = errors.length ? Math.max(...errors.map((e) => e.at)) : killedAt;
    console.log(
      JSON.stringify({
        failover: {
          attempts: attempts.length,
          answers: crowd.log.length,
          errorsAfterKill: errors.length,
          byStatus,
          errorWindowMs: lastError - killedAt,
          toldSuccess: told.length,
          unitsInMysql: await Promise.all([syncSale, asyncSale].map((id) => stockInMysql(topology, id))),
        },
      }),
    );
  }, 240_000);
});

/** A column of `cluster nodes` output: the master serving `slot`. */
function masterPortOf(nodes: string, slot: number): number {
  for (const line of nodes.split('\n')) {
    const [, address, flags, , , , , , ...ranges] = line.split(' ');
    if (!flags?.includes('master') || flags.includes('fail')) continue;
    for (const range of ranges) {
      const [from, to = from] = range.split('-').map(Number);
      if (slot >= from && slot <= to) return Number(address.split('@')[0].split(':')[1]);
    }
  }
  throw new Error(`no master serves slot ${slot}`);
}

interface Attempt {
  shopper: Shopper;
  saleId: string;
}

/**
 * Shoppers buying at a bounded concurrency, each retrying (same Idempotency-Key) after a 5xx or a refused
 * connection until an answer that means something, as a storefront would. Every answer is logged with its time.
 */
class Crowd {
  readonly log: { at: number; status: number }[] = [];
  answered = 0;

  constructor(private readonly http: HttpClient) {}

  async run(
    attempts: Attempt[],
    concurrency: number,
    onAnswer: () => void,
  ): Promise<(Attempt & { final: { status: number; body: any } })[]> {
    const results: (Attempt & { final: { status: number; body: any } })[] = [];
    let next = 0;
    const lane = async () => {
      while (next < attempts.length) {
        const attempt = attempts[next++];
        results.push({ ...attempt, final: await this.buyUntilAnswered(attempt, onAnswer) });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    return results;
  }

  private async buyUntilAnswered(attempt: Attempt, onAnswer: () => void) {
    const headers = { 'idempotency-key': `crowd-${attempt.shopper.id}` };
    const deadline = Date.now() + 60_000;
    for (;;) {
      let status = 0;
      let body: any;
      try {
        const res = await buy(this.http, attempt.saleId, attempt.shopper, {}, headers);
        status = res.status;
        body = res.body;
      } catch {
        status = 0;
      }
      this.log.push({ at: Date.now(), status });
      this.answered++;
      onAnswer();
      if ((status !== 0 && status < 500) || Date.now() > deadline) return { status, body };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

interface EventStream {
  next(type: string, timeoutMs?: number): Promise<any>;
  close(): void;
}

async function openStream(baseUrl: string, token: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/notifications/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(type, timeoutMs = 10000) {
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        for (;;) {
          const blocks = buffer.split('\n\n');
          for (const [i, block] of blocks.slice(0, -1).entries()) {
            if (block.includes(`event: ${type}`)) {
              buffer = blocks.slice(i + 1).join('\n\n');
              const data = block
                .split('\n')
                .filter((line) => line.startsWith('data: '))
                .map((line) => line.slice(6))
                .join('\n');
              return JSON.parse(data);
            }
          }
          const { value, done } = await reader.read();
          if (done) throw new Error(`${baseUrl}: the stream ended before a ${type} event`);
          buffer += decoder.decode(value, { stream: true });
        }
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => abort.abort(),
  };
}
