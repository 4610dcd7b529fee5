import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execFile, spawn } from 'node:child_process';
import { AppConfig } from '../../src/config/app-config';
import { createFlashSaleRedis, type FlashSaleRedis } from '../../src/infrastructure/redis/redis-clients';
import { RedisIdempotencyStore } from '../../src/infrastructure/redis/redis-idempotency-store';
import { RedisOrderTickets } from '../../src/infrastructure/redis/redis-order-tickets';
import { RedisStockGate } from '../../src/infrastructure/redis/redis-stock-gate';
import { waitForPort } from '../support/processes';

const run = promisify(execFile);

/**
 * The flash-sale Redis's gateways on a real Redis Cluster (three masters), under the load pattern of a spike:
 * many sales' scripts, tickets and idempotency claims in the same event-loop turn, which ioredis batches per node
 * (auto-pipelining). Every command must reach the node that owns its keys.
 */
describe('flash-sale Redis gateways on a Redis Cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flash-sale-cluster-'));
  const base = 21000 + Math.floor(Math.random() * 3000);
  const ports = [base, base + 1, base + 2];
  const children: ReturnType<typeof spawn>[] = [];
  let redis: FlashSaleRedis;
  let config: AppConfig;

  beforeAll(async () => {
    for (const port of ports) {
      const nodeDir = join(dir, String(port));
      await run('mkdir', ['-p', nodeDir]);
      children.push(
        spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--dir',
            nodeDir,
          ].concat(['--cluster-config-file', 'nodes.conf', '--save', '', '--appendonly', 'no']),
          { stdio: 'ignore' },
        ),
      );
    }
    for (const port of ports) await waitForPort(port);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes']);
    for (;;) {
      const { stdout } = await run('redis-cli', ['-p', String(base), 'cluster', 'info']);
      if (stdout.includes('cluster_state:ok')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    config = AppConfig.fromEnv({
      DB_USERNAME: 'x',
      DB_DATABASE: 'x',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      JWT_SECRET: 'x'.repeat(32),
      REDIS_KEY_PREFIX: 'cluster-test:',
      REDIS_CLUSTER_NODES: ports.map((p) => `127.0.0.1:${p}`).join(','),
    });
    redis = createFlashSaleRedis(config.redis, 'test');
  }, 60_000);

  afterAll(async () => {
    await redis?.quit();
    await Promise.all(
      children.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'))),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves many sales at once: each script, ticket and claim on its own node, none refused', async () => {
    const gate = new RedisStockGate(redis, config);
    const tickets = new RedisOrderTickets(redis, config);
    const idempotency = new RedisIdempotencyStore(redis, config);
    const now = Date.now();
    // Enough sales that their slots fall on every master.
    const sales = Array.from({ length: 12 }, (_, i) => String(i + 1));
    await Promise.all(
      sales.map((saleId) =>
        gate.prepare(
          {
            saleId,
            startsAtMs: now - 1000,
            endsAtMs: now + 60_000,
            perUserLimit: 1,
            buckets: [10, 10],
            buyers: {},
          },
          'reset',
        ),
      ),
    );
    // One turn of the event loop: 240 attempts over 12 sales, each with its ticket and idempotency claim.
    const attempts = Array.from({ length: 240 }, (_, i) => {
      const saleId = sales[i % sales.length];
      const userId = `u${i}`;
      return Promise.all([
        gate.reserve({
          saleId,
          userId,
          quantity: 1,
          bucketCount: 2,
          homeBucket: i % 2,
          nowMs: Date.now(),
          attemptId: `t${i}`,
        }),
        tickets.open({
          ticketId: `t${i}`,
          userId,
          saleId,
          quantity: 1,
          parts: [{ bucketNo: i % 2, units: 1 }],
        }),
        idempotency.claim(userId, `key-${i}`, `${saleId}/1`),
      ]);
    });
    const results = await Promise.all(attempts);
    const granted = results.filter(([verdict]) => verdict.ok).length;
    expect(granted).toBe(240);
    // And give-backs, in one turn too.
    await Promise.all(
      results.map(([verdict], i) =>
        verdict.ok
          ? gate.giveBack({
              saleId: sales[i % sales.length],
              userId: `u${i}`,
              quantity: 1,
              parts: verdict.parts,
              attemptId: `t${i}`,
            })
          : Promise.resolve(),
      ),
    );
    for (const saleId of sales)
      expect(await gate.read(saleId, 2)).toEqual({ buckets: [10, 10], buyerUnits: 0 });
  });
});
