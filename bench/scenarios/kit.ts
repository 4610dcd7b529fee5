import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchEnvironment } from '../environment';
import {
  closedLoop,
  type ClosedLoopRun,
  durationMs,
  type LoadRequest,
  openPool,
  type RunStats,
  summarize,
} from '../load';
import { type BenchOptions, type Strategy } from '../options';
import { type PlatformApi } from '../platform-api';
import { CpuMeter, machineBusyMs, pidsNamed, redisPids } from '../proc-stats';
import { freePort, type NodeProcess, spawnNode, waitUntilAnswering } from '../processes';
import { type AddressBook, type Shopper } from '../shoppers';
import { type ProcessUsage, type ScenarioResult } from '../types';

// What every scenario (bench/scenarios/*.ts) shares: the run's context, the servers under test, the crowd that
// drives them, and the meter that reads their CPU and memory over a run.

/** What the harness tells whoever watches: the CLI draws a progress bar, the smoke test stays quiet. */
export interface Progress {
  /** A load run began; `current` reads how many of `total` answered so far. */
  phase(label: string, total: number, current: () => number): void;
  /** The load run ended. */
  done(): void;
  log(line: string): void;
}

export const silentProgress: Progress = {
  phase: () => undefined,
  done: () => undefined,
  log: () => undefined,
};

export interface Context {
  options: BenchOptions;
  env: BenchEnvironment;
  shoppers: Shopper[];
  /** Others, for the warm-up sales: the measured crowd's tokens must be new to the platform, as in a real spike. */
  warmUpShoppers: Shopper[];
  addresses: AddressBook;
  random: () => number;
  progress: Progress;
  profileDir?: string;
  notes: string[];
}

/** A server under test, as the harness sees it. */
export interface Target {
  origin: string;
  /** The processes whose CPU and memory count as "the server". */
  servers: Pick<NodeProcess, 'name' | 'pid'>[];
  /** Processes on the request path that are not the platform (the load balancer, a Redis Cluster's nodes). */
  helpers: Pick<NodeProcess, 'name' | 'pid'>[];
  api?: PlatformApi;
}

const ORDER_BODY = '{"quantity":1}';

/** The platform runs with the node flags production uses (`npm run start:prod`, the Dockerfile, scripts/up.sh). */
const PLATFORM_NODE_ARGS = '--max-old-space-size=256';

export function startPlatform(
  ctx: Context,
  name: string,
  role: 'all' | 'api' | 'worker',
  port: number,
): NodeProcess {
  return spawnNode({
    name,
    script: ctx.options.fromSource ? 'src/main.ts' : 'dist/src/main.js',
    nodeArgs: (process.env.BENCH_PLATFORM_NODE_ARGS ?? PLATFORM_NODE_ARGS).split(' ').filter(Boolean),
    env: {
      ...process.env,
      ...ctx.env.platformEnv,
      APP_ROLE: role,
      PORT: String(port),
      ...ctx.options.serverEnv,
    },
    profileDir: ctx.profileDir,
  });
}

/**
 * The single instance, as docker-compose runs it: an API process and a worker process (the worker writes async
 * orders and runs the expiry and notification jobs, on the other core). `--one-process`: APP_ROLE=all.
 */
export async function startSingleInstance(
  ctx: Context,
  port: number,
  track: (process: NodeProcess) => NodeProcess,
): Promise<NodeProcess[]> {
  if (ctx.options.oneProcess) {
    const platform = track(startPlatform(ctx, 'platform', 'all', port));
    await waitUntilAnswering(platform, `http://127.0.0.1:${port}/health/live`);
    return [platform];
  }
  const worker = track(startPlatform(ctx, 'worker', 'worker', await freePort()));
  const api = track(startPlatform(ctx, 'platform', 'api', port));
  await Promise.all([
    waitUntilAnswering(api, `http://127.0.0.1:${port}/health/live`),
    waitForQueueWorker(ctx.env, 'order-placement', worker),
  ]);
  return [api, worker];
}

/** Resolves once a worker process listens on the queue (BullMQ lists its connected workers). */
export async function waitForQueueWorker(
  env: BenchEnvironment,
  queueName: string,
  worker: NodeProcess,
): Promise<void> {
  const connection = new Redis(env.platformEnv.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix: `${env.keyPrefix}bull` });
  let exited = false;
  void worker.exited.then(() => (exited = true));
  try {
    const deadline = Date.now() + 90_000;
    while ((await queue.getWorkersCount()) === 0) {
      if (exited) throw new Error(`${worker.name} exited during start-up:\n${worker.output()}`);
      if (Date.now() > deadline)
        throw new Error(`${worker.name} did not start within 90 s:\n${worker.output()}`);
      await sleep(200);
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** A closed-loop run of `options.connections` shoppers on connections of its own, closed when it ends. */
export async function crowd(
  ctx: Context,
  target: Target,
  stats: RunStats,
  request: (index: number) => LoadRequest,
  onResponse?: ClosedLoopRun['onResponse'],
): Promise<void> {
  const { connections, scenarioTimeoutSeconds } = ctx.options;
  const pool = openPool(target.origin, connections);
  try {
    await closedLoop({
      pool,
      stats,
      connections,
      timeoutMs: scenarioTimeoutSeconds * 1000,
      request,
      onResponse,
    });
  } finally {
    await pool.close();
  }
}

/** Opens a sale titled `bench <name>` of `strategy` with the run's bucket count; `stock` defaults to the run's. */
export async function openBenchSale(
  ctx: Context,
  api: PlatformApi,
  name: string,
  strategy: Strategy,
  stock = ctx.options.stock,
): Promise<string> {
  const sale = await api.openSale({
    title: `bench ${name}`,
    stock,
    strategy,
    bucketCount: ctx.options.buckets,
  });
  return sale.saleId;
}

export function healthCheck(ctx: Context): LoadRequest {
  return { method: 'GET', path: '/health/live', headers: { 'x-forwarded-for': ctx.addresses.take() } };
}

export function orderAttempt(ctx: Context, saleId: string, shopper: Shopper): LoadRequest {
  return {
    method: 'POST',
    path: `/api/flash-sales/${saleId}/orders`,
    headers: {
      authorization: `Bearer ${shopper.token}`,
      'content-type': 'application/json',
      'x-forwarded-for': ctx.addresses.take(),
    },
    body: ORDER_BODY,
  };
}

export function errorCode(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    return (JSON.parse(body) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

export function runFields(stats: RunStats) {
  const duration = durationMs(stats);
  return {
    requests: stats.completed,
    errors: stats.errors,
    statuses: stats.statuses,
    durationMs: Math.round(duration),
    throughput: Math.round((stats.completed / duration) * 1000),
    latency: summarize(stats.latency),
    timedOut: stats.timedOut,
  };
}

/**
 * Runs `body` with the progress bar on `stats`, measuring the servers' CPU and peak RSS over exactly that window
 * (and, for context, the CPU of the load generator, MySQL and Redis, which share the machine).
 */
export async function measure(
  ctx: Context,
  target: Target,
  stats: RunStats,
  body: () => Promise<void>,
): Promise<Pick<ScenarioResult, 'server' | 'neighbours'>> {
  const servers = new CpuMeter(target.servers.map((p) => p.pid));
  const helpers = new CpuMeter(
    target.helpers.map((p) => p.pid),
    false,
  );
  const mysql = new CpuMeter(pidsNamed(['mariadbd', 'mysqld']), false);
  const redis = new CpuMeter(redisPids(ctx.env.platformEnv.REDIS_URL), false);
  const client = process.cpuUsage();
  const machineBusy = machineBusyMs();
  ctx.progress.phase(stats.label, stats.planned, () => stats.completed);
  try {
    await body();
  } finally {
    ctx.progress.done();
  }
  const usage = process.cpuUsage(client);
  const serverUsage = servers.read();
  const processes: ProcessUsage[] = serverUsage.perPid.map((p, i) => ({
    name: target.servers[i].name,
    cpuMs: Math.round(p.cpuMs),
    peakRssMb: p.peakRssMb,
  }));
  const neighbours: Record<string, number> = {
    loadGeneratorCpuMs: Math.round((usage.user + usage.system) / 1000),
    mysqlCpuMs: Math.round(mysql.read().cpuMs),
    redisCpuMs: Math.round(redis.read().cpuMs),
  };
  const helperUsage = helpers.read().perPid;
  target.helpers.forEach(
    (helper, i) => (neighbours[`${helper.name}CpuMs`] = Math.round(helperUsage[i].cpuMs)),
  );
  // Whatever else kept the cores busy meanwhile (other test suites on a shared machine, say).
  const accounted = serverUsage.cpuMs + Object.values(neighbours).reduce((sum, ms) => sum + ms, 0);
  neighbours.otherProcessesCpuMs = Math.max(0, Math.round(machineBusyMs() - machineBusy - accounted));
  return {
    server: {
      cpuMs: Math.round(serverUsage.cpuMs),
      cpuMsPerRequest:
        stats.completed === 0 ? 0 : Math.round((serverUsage.cpuMs / stats.completed) * 1000) / 1000,
      peakRssMb: Math.max(0, ...processes.map((p) => p.peakRssMb)),
      rssWindow: serverUsage.rssWindow,
      processes,
    },
    neighbours,
  };
}
