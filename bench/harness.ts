import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type RowDataPacket } from 'mysql2/promise';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Pool } from 'undici';
import { auditPassed, auditSale, persistedUnits, winnersOf } from './audit';
import { createBenchEnvironment, type BenchEnvironment } from './environment';
import {
  closedLoop,
  type ClosedLoopRun,
  durationMs,
  fixedRate,
  type Histogram,
  type LoadRequest,
  newHistogram,
  newRunStats,
  openConnections,
  openPool,
  type RunStats,
  summarize,
} from './load';
import { type BenchOptions, type Strategy } from './options';
import { upTopology } from './topology';
import { PlatformApi } from './platform-api';
import { CpuMeter, machineBusyMs, pidsNamed } from './proc-stats';
import { freePort, type NodeProcess, spawnNode, waitUntilAnswering } from './processes';
import { AddressBook, attemptOrder, createShoppers, seededRandom, type Shopper } from './shoppers';
import {
  type BenchResults,
  type MachineInfo,
  type PhaseResult,
  type ProcessUsage,
  type PublicOptions,
  type ScenarioKind,
  type ScenarioResult,
} from './types';
import { computeVerdicts } from './verdicts';

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

interface Context {
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
interface Target {
  origin: string;
  /** The processes whose CPU and memory count as "the server". */
  servers: Pick<NodeProcess, 'name' | 'pid'>[];
  /** Processes on the request path that are not the platform (the load balancer, a Redis Cluster's nodes). */
  helpers: Pick<NodeProcess, 'name' | 'pid'>[];
  api?: PlatformApi;
}

const ORDER_BODY = '{"quantity":1}';

/** Runs every scenario of `options` once and returns the results; never leaves a process, database or key. */
export async function runBenchmark(
  options: BenchOptions,
  progress: Progress = silentProgress,
): Promise<BenchResults> {
  const startedAt = new Date();
  const env = await createBenchEnvironment();
  const running = new Set<NodeProcess>();
  const scenarios: ScenarioResult[] = [];
  const notes: string[] = [];
  const profileDir = options.profile ? resolve(options.outDir, 'profiles', env.id) : undefined;
  try {
    progress.log(`database ${env.database}, Redis prefix ${env.keyPrefix}`);
    const machine = await machineInfo(env);
    const shoppers = await createShoppers(env.db, options.users, env.jwt, env.id);
    const warmUpShoppers = options.warmUp
      ? await createShoppers(env.db, warmUpSize(options).shoppers, env.jwt, `${env.id}w`)
      : [];
    progress.log(`${shoppers.length} shoppers with signed tokens`);
    const ctx: Context = {
      options,
      env,
      shoppers,
      warmUpShoppers,
      addresses: new AddressBook(),
      random: seededRandom(options.seed),
      progress,
      profileDir,
      notes,
    };
    const track = (process: NodeProcess) => {
      running.add(process);
      void process.exited.then(() => running.delete(process));
      return process;
    };

    // A scenario that cannot run (a server that does not start, say) is reported and the others still run.
    const failures: string[] = [];
    const guarded = async (name: string, work: () => Promise<void>): Promise<void> => {
      try {
        await work();
      } catch (error) {
        const message = briefly(error);
        failures.push(`${name}: ${message}`);
        progress.done();
        progress.log(`✗ ${name} failed: ${message}`);
      }
    };

    const needsSingle = options.ceiling || options.strategies.length > 0;
    if (needsSingle || options.naive) {
      await guarded('single instance', async () => {
        const port = await freePort();
        const servers = await startSingleInstance(ctx, port, track);
        try {
          const origin = `http://127.0.0.1:${port}`;
          const api = new PlatformApi(origin);
          await api.logInAsAdmin(env.admin.email, env.admin.password);
          const single: Target = { origin, servers, helpers: [], api };
          progress.log(`platform (${servers.map((s) => `${s.name} pid ${s.pid}`).join(', ')}) on ${origin}`);
          if (options.warmUp) await warmUp(ctx, single, options.strategies);

          if (options.ceiling)
            await guarded('ceiling', async () => void scenarios.push(await runCeiling(ctx, single, 'start')));
          if (options.naive) {
            await guarded('naive baseline', async () => void scenarios.push(await runNaive(ctx, api, track)));
          }
          for (const strategy of options.strategies) {
            await guarded(strategy, async () => {
              const sale = await api.openSale({
                title: `bench ${strategy}`,
                stock: options.stock,
                strategy,
                bucketCount: options.buckets,
              });
              scenarios.push(...(await runSpike(ctx, single, sale.saleId, strategy, 'spike')));
              const soldOut =
                options.soldOutAttempts > 0
                  ? await runSoldOut(ctx, single, sale.saleId, strategy)
                  : undefined;
              if (soldOut) scenarios.push(soldOut);
              const last = strategy === options.strategies[options.strategies.length - 1];
              if (last && options.soldOutRateSeconds > 0) {
                // Latency at a steady load the server can carry: half the capacity just measured, unless told.
                const rate =
                  options.soldOutRate || Math.max(10, Math.round((soldOut?.throughput ?? 1000) / 2));
                scenarios.push(await runSoldOutAtFixedRate(ctx, single, sale.saleId, strategy, rate));
              }
            });
          }
          // The ceiling again: the ratios use both, so that a machine whose speed drifts during the run (a
          // shared host) does not tilt every ratio by the minute the ceiling happened to be measured in.
          if (options.ceiling && options.strategies.length > 0)
            await guarded(
              'ceiling again',
              async () => void scenarios.push(await runCeiling(ctx, single, 'end')),
            );
        } finally {
          await Promise.all(servers.map((server) => server.stop()));
        }
      });
    }

    if (options.scaleOut) {
      await guarded('scale-out', async () => void scenarios.push(...(await runScaleOut(ctx))));
    }

    const shared = scenarios
      .filter((s) => s.neighbours && s.durationMs > 1000)
      .map((s) => ({ s, share: (s.neighbours?.otherProcessesCpuMs ?? 0) / (s.durationMs * cpus().length) }))
      .filter(({ share }) => share > 0.15);
    if (shared.length > 0) {
      notes.push(
        `the machine was shared: other processes kept ${shared
          .map(({ s, share }) => `${Math.round(share * 100)}% of the cores busy during ${s.label}`)
          .join(', ')}; expect better numbers on an idle machine`,
      );
    }
    const { ratios, bars } = computeVerdicts(scenarios, options);
    const drift = ratios['ceiling at the end vs at the start'];
    if (drift && (drift < 0.8 || drift > 1.25)) {
      notes.push(
        `the machine's speed drifted during the run: the ceiling at the end was ${drift}× the one at the start; the ratios use their mean`,
      );
    }
    const finishedAt = new Date();
    return {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: Math.round((finishedAt.getTime() - startedAt.getTime()) / 100) / 10,
      machine,
      options: publicOptions(options),
      scenarios,
      ratios,
      bars,
      auditPassed: scenarios.every((s) => !s.audit || auditPassed(s.audit)),
      failures,
      notes,
      loadAverageAtEnd: loadavg().map((n) => Math.round(n * 100) / 100),
      ...(profileDir ? { profiles: await summarizeProfiles(profileDir, running) } : {}),
    };
  } finally {
    await Promise.all([...running].map((process) => process.stop(5000)));
    await env.dispose();
  }
}

/** The platform runs with the node flags production uses (`npm run start:prod`, the Dockerfile, scripts/up.sh). */
const PLATFORM_NODE_ARGS = '--max-old-space-size=256';

function startPlatform(
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
async function startSingleInstance(
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

// ---------------------------------------------------------------------------------------------- scenarios

/**
 * The warm-up's size: enough calls for V8 to compile the hot paths, a few seconds in all; less in a small run.
 * The sale must sell hundreds of units, not a few: an accepted async attempt cost the API 1.15 ms after 100 of
 * them and 0.5 ms after 6,000 (measured).
 */
function warmUpSize(options: BenchOptions) {
  return {
    healthChecks: Math.min(10_000, options.ceilingRequests || 10_000),
    shoppers: Math.min(2000, options.users),
    stock: Math.min(1000, options.stock),
    attempts: Math.min(4000, options.attempts),
  };
}

/**
 * Before any clock starts, the processes serve what they will be measured on: health checks, and a sale of each
 * strategy sold out by other shoppers, whose orders the worker writes. A fresh Node process runs its code
 * unoptimized for its first thousands of calls (measured: the ceiling of a fresh process was half that of the
 * same process after the sales), and a platform in production has served the shop for hours before a sale.
 */
async function warmUp(ctx: Context, target: Target, strategies: readonly Strategy[]): Promise<void> {
  const { options, env, progress } = ctx;
  const size = warmUpSize(options);
  const warm = async (label: string, planned: number, request: (index: number) => LoadRequest) => {
    const stats = newRunStats(label, planned);
    progress.phase(label, planned, () => stats.completed);
    try {
      await crowd(ctx, target, stats, request);
    } finally {
      progress.done();
    }
  };
  await warm('warm-up: health checks', size.healthChecks, () => healthCheck(ctx));
  for (const strategy of strategies) {
    const { saleId } = await target.api!.openSale({
      title: `bench warm-up ${strategy}`,
      stock: size.stock,
      strategy,
      bucketCount: options.buckets,
    });
    const shoppers = ctx.warmUpShoppers;
    await warm(`warm-up: ${strategy} sale`, size.attempts, (index) =>
      orderAttempt(ctx, saleId, shoppers[index % shoppers.length]),
    );
    // Its orders written before anything is measured, so the worker's backlog is not in the next clock.
    const settleBy = performance.now() + options.settleTimeoutSeconds * 1000;
    while (performance.now() < settleBy && (await persistedUnits(env.db, saleId)) < size.stock)
      await sleep(25);
  }
}

async function runCeiling(ctx: Context, target: Target, when: 'start' | 'end'): Promise<ScenarioResult> {
  const { options } = ctx;
  const label = when === 'start' ? 'ceiling: GET /health/live' : 'ceiling again, after the sales';
  const stats = newRunStats(label, options.ceilingRequests);
  const measured = await measure(ctx, target, stats, () => crowd(ctx, target, stats, () => healthCheck(ctx)));
  return {
    id: when === 'start' ? 'ceiling' : 'ceiling:end',
    kind: 'ceiling',
    label,
    target: 'health',
    mode: 'closed-loop',
    connections: options.connections,
    ...runFields(stats),
    ...measured,
  };
}

async function runNaive(
  ctx: Context,
  api: PlatformApi,
  track: (process: NodeProcess) => NodeProcess,
): Promise<ScenarioResult> {
  const port = await freePort();
  const { platformEnv } = ctx.env;
  const naive = track(
    spawnNode({
      name: 'naive',
      script: 'bench/naive-server.ts',
      env: {
        ...process.env,
        ...platformEnv,
        NAIVE_PORT: String(port),
        DB_POOL_SIZE: ctx.options.serverEnv.DB_POOL_SIZE ?? '10',
      },
      profileDir: ctx.profileDir,
    }),
  );
  try {
    const origin = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(naive, `${origin}/health/live`);
    // The sale is set up through the platform (same rows as any sale); the naive server alone sells it.
    const sale = await api.openSale({ title: 'bench naive', stock: ctx.options.stock, strategy: 'sync' });
    const [result] = await runSpike(
      ctx,
      { origin, servers: [naive], helpers: [] },
      sale.saleId,
      'naive',
      'naive',
    );
    return result;
  } finally {
    await naive.stop();
  }
}

async function runScaleOut(ctx: Context): Promise<ScenarioResult[]> {
  const { options, env } = ctx;
  const strategy = options.scaleOutStrategy;
  // scripts/topology.sh: nginx (least_conn, kept-alive upstreams) -> 2 APIs + 1 worker -> a Redis Cluster of
  // 3 masters with a replica each; the same deployment the topology e2e suite and the failover test run on.
  const topology = await upTopology({ ...env.platformEnv, LOG_LEVEL: 'warn' });
  try {
    const origin = topology.origin;
    ctx.progress.log(
      `scale-out: scripts/topology.sh — nginx on ${origin}, 2 × api, 1 × worker, 6-node Redis Cluster`,
    );
    const api = new PlatformApi(origin);
    await api.logInAsAdmin(env.admin.email, env.admin.password);
    const servers = topology.named.filter((p) => p.role === 'api' || p.role === 'worker');
    const helpers = topology.named.filter((p) => p.role === 'nginx' || p.role.startsWith('redis'));
    const target: Target = { origin, servers, helpers, api };
    if (options.warmUp) await warmUp(ctx, target, [strategy]);
    const sale = await api.openSale({
      title: `bench scale-out ${strategy}`,
      stock: options.stock,
      strategy,
      bucketCount: options.buckets,
    });
    return await runSpike(ctx, target, sale.saleId, strategy, 'scale-out');
  } finally {
    await topology.down();
  }
}

/** Resolves once a worker process listens on the queue (BullMQ lists its connected workers). */
async function waitForQueueWorker(
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

/**
 * One flash-sale spike: `attempts` order attempts from `users` shoppers, `connections` at a time, each with a
 * distinct X-Forwarded-For; storefront reads at a fixed rate beside it; MySQL watched for the moment it holds
 * every unit; async tickets followed to the end; then the audit. Returns the spike and its browsing stream.
 */
async function runSpike(
  ctx: Context,
  target: Target,
  saleId: string,
  strategy: Strategy | 'naive',
  kind: ScenarioKind,
): Promise<ScenarioResult[]> {
  const { options, shoppers, env } = ctx;
  const name =
    kind === 'scale-out' ? `scale-out ${strategy}` : strategy === 'naive' ? 'naive baseline' : strategy;
  const id = kind === 'scale-out' ? `scale-out:${strategy}` : strategy;
  const order = attemptOrder(options.attempts, options.users, ctx.random);
  const stats = newRunStats(`${name}: spike`, options.attempts);
  const phases = { stock: newPhase(), soldOut: newPhase() };
  const outcomes = { accepted: 0, soldOut: 0, limitExceeded: 0, rateLimited: 0, busy: 0, other: 0 };
  const tickets: { ticketId: string; shopper: Shopper }[] = [];
  const otherAnswers = new Map<string, number>();
  let lastUnitAt: number | undefined;
  let confirmed = 0;

  if (kind !== 'naive' && options.browseRate > 0) await lookAround(target, saleId);
  const browse =
    kind !== 'naive' && options.browseRate > 0 ? await startBrowsing(ctx, target, saleId, name) : undefined;
  // The "sold and persisted" clock: the first moment MySQL holds every unit in a live order.
  let persistedAt: number | undefined;
  let watching = true;
  const persisted = async (): Promise<number> => {
    const units = await persistedUnits(env.db, saleId);
    if (units >= options.stock && persistedAt === undefined) persistedAt = performance.now();
    return units;
  };
  const watcher = (async () => {
    while (watching && persistedAt === undefined) {
      await persisted();
      await sleep(25);
    }
  })();

  let waitedMs = 0;
  let ticketCounts = { succeeded: 0, failed: 0, unfinished: 0 };
  let measured: Awaited<ReturnType<typeof measure>>;
  let browseResult: (RunStats & { slowest: SlowRead[] }) | undefined;
  try {
    measured = await measure(ctx, target, stats, async () => {
      await crowd(
        ctx,
        target,
        stats,
        (index) => orderAttempt(ctx, saleId, shoppers[order[index]]),
        (response) => {
          const phase = lastUnitAt === undefined ? phases.stock : phases.soldOut;
          phase.histogram.recordValue(Math.max(1, Math.round((response.doneAt - response.sentAt) * 1000)));
          phase.count++;
          phase.lastAt = response.doneAt;
          if (response.status === 201 || response.status === 202) {
            outcomes.accepted++;
            if (response.status === 201) confirmed++;
            else
              tickets.push({
                ticketId: (JSON.parse(response.body) as { ticketId: string }).ticketId,
                shopper: shoppers[order[response.index]],
              });
            if (outcomes.accepted === options.stock) lastUnitAt = response.doneAt;
            return;
          }
          const code = errorCode(response.body);
          if (code === 'SOLD_OUT') outcomes.soldOut++;
          else if (code === 'LIMIT_EXCEEDED') outcomes.limitExceeded++;
          else if (response.status === 429) outcomes.rateLimited++;
          else if (response.status === 503) outcomes.busy++;
          else {
            outcomes.other++;
            const key = `${response.status} ${code ?? response.body.slice(0, 80)}`;
            otherAnswers.set(key, (otherAnswers.get(key) ?? 0) + 1);
          }
        },
      );
      // async: the request path is done; the units are sold once the workers have written them.
      const settleBy = performance.now() + options.settleTimeoutSeconds * 1000;
      const expected = Math.min(options.stock, outcomes.accepted);
      while (performance.now() < settleBy && (await persisted()) < expected) await sleep(25);
    });
  } finally {
    watching = false;
    await watcher;
    browseResult = await browse?.stop();
  }

  if (tickets.length > 0) {
    const started = performance.now();
    ticketCounts = await finishTickets(ctx, target, tickets);
    waitedMs = Math.round(performance.now() - started);
    confirmed += ticketCounts.succeeded;
  }
  let summary: { consistent: boolean; drift: string[] } | undefined;
  if (target.api) {
    const answer = await target.api.summary(saleId);
    summary = { consistent: answer.consistent, drift: answer.drift ?? [] };
  }
  const { audit, facts } = await auditSale(env.db, {
    saleId,
    perUserLimit: 1,
    soldOutAnswers: outcomes.soldOut,
    confirmedOrders: confirmed,
    ticketsUnfinished: ticketCounts.unfinished,
    summaryConsistent: summary?.consistent,
  });

  const winners = await winnersOf(env.db, saleId);
  const first = new Set<string>();
  for (let i = 0; i < stats.sent && first.size < options.stock; i++) first.add(shoppers[order[i]].id);
  const winnersAmongThem = [...first].filter((user) => winners.has(user)).length;

  const start = stats.startedAt;
  const stockEnd = lastUnitAt ?? stats.endedAt;
  const notes: string[] = [];
  for (const [answer, count] of otherAnswers) notes.push(`${count} × ${answer}`);
  if (outcomes.rateLimited > 0)
    notes.push(`${outcomes.rateLimited} attempts rate-limited (429): raise the limits`);
  if (stats.timedOut)
    notes.push(`stopped after ${options.scenarioTimeoutSeconds} s with ${stats.completed} answers`);
  const spike: ScenarioResult = {
    id,
    kind,
    label:
      kind === 'scale-out'
        ? `scale-out (2 API + 1 worker, ${strategy})`
        : name === 'naive baseline'
          ? 'naive baseline (FOR UPDATE)'
          : `${strategy} spike`,
    target: strategy,
    mode: 'closed-loop',
    connections: options.connections,
    ...runFields(stats),
    ...measured,
    outcomes,
    stockPhase: phaseResult(phases.stock, start, stockEnd),
    soldOutPhase: phases.soldOut.count > 0 ? phaseResult(phases.soldOut, stockEnd, stats.endedAt) : undefined,
    lastUnitAnsweredMs: lastUnitAt === undefined ? null : Math.round(lastUnitAt - start),
    lastUnitPersistedMs: persistedAt === undefined ? null : Math.round(persistedAt - start),
    ...(tickets.length > 0 ? { tickets: { accepted: tickets.length, ...ticketCounts, waitedMs } } : {}),
    fairness: {
      firstAttempters: first.size,
      winnersAmongThem,
      share: first.size === 0 ? 0 : Math.round((winnersAmongThem / first.size) * 10000) / 10000,
    },
    audit,
    facts,
    ...(summary ? { summary } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
  const results = [spike];
  if (browseResult) {
    results.push({
      id: `browse:${id}`,
      kind: 'browse',
      label: `browsing during ${name}`,
      target: strategy,
      mode: 'fixed-rate',
      rate: options.browseRate,
      ...runFields(browseResult),
      serviceLatency: summarize(browseResult.serviceLatency),
      slowest: browseResult.slowest,
    });
  }
  return results;
}

async function runSoldOut(
  ctx: Context,
  target: Target,
  saleId: string,
  strategy: Strategy,
): Promise<ScenarioResult> {
  const { options, shoppers } = ctx;
  const stats = newRunStats(`${strategy}: sold out`, options.soldOutAttempts);
  let refused = 0;
  const measured = await measure(ctx, target, stats, () =>
    crowd(
      ctx,
      target,
      stats,
      (index) => orderAttempt(ctx, saleId, shoppers[index % shoppers.length]),
      (response) => {
        // SOLD_OUT, or LIMIT_EXCEEDED for a winner trying again once the in-memory sold-out mark lapsed.
        const code = errorCode(response.body);
        if (code === 'SOLD_OUT' || code === 'LIMIT_EXCEEDED') refused++;
      },
    ),
  );
  return {
    id: `sold-out:${strategy}`,
    kind: 'sold-out',
    label: `sold out (${strategy})`,
    target: strategy,
    mode: 'closed-loop',
    connections: options.connections,
    ...runFields(stats),
    ...measured,
    ...(refused === stats.completed
      ? {}
      : { notes: [`${stats.completed - refused} answers were neither SOLD_OUT nor LIMIT_EXCEEDED`] }),
  };
}

async function runSoldOutAtFixedRate(
  ctx: Context,
  target: Target,
  saleId: string,
  strategy: Strategy,
  rate: number,
): Promise<ScenarioResult> {
  const { options, shoppers } = ctx;
  const stats = newRunStats(`${strategy}: sold out at ${rate}/s`, rate * options.soldOutRateSeconds);
  const measured = await measure(ctx, target, stats, async () => {
    const pool = openPool(target.origin, options.connections);
    try {
      await fixedRate({
        pool,
        stats,
        rate,
        timeoutMs: options.scenarioTimeoutSeconds * 1000,
        request: (index) => orderAttempt(ctx, saleId, shoppers[index % shoppers.length]),
      });
    } finally {
      await pool.close();
    }
  });
  return {
    id: `sold-out-rate:${strategy}`,
    kind: 'sold-out-rate',
    label: `sold out at ${rate}/s (${strategy})`,
    target: strategy,
    mode: 'fixed-rate',
    rate,
    ...runFields(stats),
    serviceLatency: summarize(stats.serviceLatency),
    ...measured,
  };
}

// ------------------------------------------------------------------------------------------------ helpers

/** An error in a line or two: a server that died at start-up says why in its own last words. */
function briefly(error: unknown): string {
  // eslint-disable-next-line no-control-regex
  const text = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, '');
  const lines = text.split('\n').map((line) => line.trim());
  const cause = lines.find((line) => /^Start-up failed|Error:/.test(line));
  return cause && cause !== lines[0] ? `${lines[0]} — ${cause}` : lines[0];
}

/** A closed-loop run of `options.connections` shoppers on connections of its own, closed when it ends. */
async function crowd(
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

function healthCheck(ctx: Context): LoadRequest {
  return { method: 'GET', path: '/health/live', headers: { 'x-forwarded-for': ctx.addresses.take() } };
}

function orderAttempt(ctx: Context, saleId: string, shopper: Shopper): LoadRequest {
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

function errorCode(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    return (JSON.parse(body) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

/** The crowd has the sale's page open before it starts: the storefront's reads of it are not its first ones. */
async function lookAround(target: Target, saleId: string): Promise<void> {
  for (const path of BROWSE_PATHS(saleId)) {
    const response = await fetch(`${target.origin}${path}`);
    await response.arrayBuffer();
  }
}

const BROWSE_PATHS = (saleId: string): [string, string] => [
  `/api/flash-sales/${saleId}`,
  '/api/flash-sales?status=active&page=1&pageSize=20',
];

/** Storefront reads (the list and the sale, alternately) at a fixed rate until stopped. */
async function startBrowsing(
  ctx: Context,
  target: Target,
  saleId: string,
  name: string,
): Promise<{ stop(): Promise<RunStats & { slowest: SlowRead[] }> }> {
  const { options } = ctx;
  // Shoppers already on the site: their connections are open before the spike (see openConnections), and there
  // are enough of them that requests queue in the server, not here.
  const pool = openPool(target.origin, BROWSE_CONNECTIONS);
  await openConnections(pool, BROWSE_CONNECTIONS);
  const slowest: SlowRead[] = [];
  const controller = new AbortController();
  const stats = newRunStats(
    `browsing during ${name}`,
    options.browseRate * options.scenarioTimeoutSeconds * 2,
  );
  const running = fixedRate({
    pool,
    stats,
    rate: options.browseRate,
    timeoutMs: options.scenarioTimeoutSeconds * 2000,
    signal: controller.signal,
    request: (index) => ({
      method: 'GET',
      path: BROWSE_PATHS(saleId)[index % 2],
      headers: { 'x-forwarded-for': ctx.addresses.take() },
    }),
    onResponse: (response) =>
      keepSlowest(slowest, {
        atMs: Math.round(response.intendedAt - stats.startedAt),
        latencyMs: Math.round(response.doneAt - response.intendedAt),
        path: BROWSE_PATHS(saleId)[response.index % 2],
      }),
  });
  return {
    async stop() {
      controller.abort();
      await running;
      await pool.close();
      return { ...stats, slowest };
    },
  };
}

type SlowRead = NonNullable<ScenarioResult['slowest']>[number];
const BROWSE_CONNECTIONS = 128;
const SLOWEST_KEPT = 10;

function keepSlowest(slowest: SlowRead[], read: SlowRead): void {
  if (slowest.length === SLOWEST_KEPT && read.latencyMs <= slowest[SLOWEST_KEPT - 1].latencyMs) return;
  slowest.push(read);
  slowest.sort((a, b) => b.latencyMs - a.latencyMs);
  slowest.splice(SLOWEST_KEPT);
}

/** Follows every async ticket to succeeded or failed (GET /api/order-tickets/:id as its owner). */
async function finishTickets(
  ctx: Context,
  target: Target,
  tickets: { ticketId: string; shopper: Shopper }[],
): Promise<{ succeeded: number; failed: number; unfinished: number }> {
  const deadline = performance.now() + ctx.options.settleTimeoutSeconds * 1000;
  let pending = tickets;
  let succeeded = 0;
  let failed = 0;
  const pool: Pool = openPool(target.origin, 32);
  try {
    while (pending.length > 0 && performance.now() < deadline) {
      const still: typeof pending = [];
      const round = pending;
      await closedLoop({
        pool,
        stats: newRunStats('tickets', round.length),
        connections: 32,
        timeoutMs: Math.max(1000, deadline - performance.now()),
        request: (index) => ({
          method: 'GET',
          path: `/api/order-tickets/${round[index].ticketId}`,
          headers: {
            authorization: `Bearer ${round[index].shopper.token}`,
            'x-forwarded-for': ctx.addresses.take(),
          },
        }),
        onResponse: (response) => {
          const status =
            response.status === 200 ? (JSON.parse(response.body) as { status: string }).status : '';
          if (status === 'succeeded') succeeded++;
          else if (status === 'failed') failed++;
          else still.push(round[response.index]);
        },
      });
      pending = still;
      if (pending.length > 0) await sleep(250);
    }
  } finally {
    await pool.close();
  }
  return { succeeded, failed, unfinished: pending.length };
}

interface Phase {
  histogram: Histogram;
  count: number;
  lastAt: number;
}

function newPhase(): Phase {
  return { histogram: newHistogram(), count: 0, lastAt: 0 };
}

function phaseResult(phase: Phase, from: number, to: number): PhaseResult {
  const duration = Math.max(1, to - from);
  return {
    requests: phase.count,
    durationMs: Math.round(duration),
    throughput: Math.round((phase.count / duration) * 1000),
    latency: summarize(phase.histogram),
  };
}

function runFields(stats: RunStats) {
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
async function measure(
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
  const redis = new CpuMeter(pidsNamed(['redis-server']), false);
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

async function machineInfo(env: BenchEnvironment): Promise<MachineInfo> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel;
  } catch {
    // not Linux
  }
  const [[version]] = await env.db.query<RowDataPacket[]>('SELECT VERSION() AS version');
  const info = await env.redis.info('server');
  return {
    cpuModel,
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    mysql: String(version.version),
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    loadAverageAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

function publicOptions(options: BenchOptions): PublicOptions {
  const {
    outDir: _outDir,
    writeResults: _write,
    updateReadme: _readme,
    progress: _progress,
    ...rest
  } = options;
  return rest;
}

async function summarizeProfiles(
  profileDir: string,
  running: Set<NodeProcess>,
): Promise<NonNullable<BenchResults['profiles']>> {
  await Promise.all([...running].map((process) => process.stop()));
  const { analyzeProfiles } = await import('./cpu-profile');
  return analyzeProfiles(profileDir);
}
