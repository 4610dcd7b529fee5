import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Pool } from 'undici';
import { AcceptedCpuMeter } from '../accepted-cpu';
import { auditSale, persistedUnits, winnersOf } from '../audit';
import {
  closedLoop,
  fixedRate,
  type Histogram,
  newHistogram,
  newRunStats,
  openConnections,
  openPool,
  type RunStats,
  summarize,
} from '../load';
import { type Strategy } from '../options';
import { attemptOrder, type Shopper } from '../shoppers';
import { type PhaseResult, type ScenarioKind, type ScenarioResult } from '../types';
import { type Context, crowd, errorCode, measure, orderAttempt, runFields, type Target } from './kit';

/**
 * One flash-sale spike: `attempts` order attempts from `users` shoppers, `connections` at a time, each with a
 * distinct X-Forwarded-For; storefront reads at a fixed rate beside it; MySQL watched for the moment it holds
 * every unit; async tickets followed to the end; then the audit. Returns the spike and its browsing stream.
 */
export async function runSpike(
  ctx: Context,
  target: Target,
  saleId: string,
  strategy: Strategy | 'naive',
  kind: ScenarioKind,
  /** A spike of another scenario (the large sale, rows bind): its own id and label. */
  naming?: { id: string; label: string },
): Promise<ScenarioResult[]> {
  const { options, shoppers, env } = ctx;
  const name =
    naming?.label ??
    (kind === 'scale-out' ? `scale-out ${strategy}` : strategy === 'naive' ? 'naive baseline' : strategy);
  const id = naming?.id ?? (kind === 'scale-out' ? `scale-out:${strategy}` : strategy);
  const cpu = new AcceptedCpuMeter(target.servers, env.platformEnv.REDIS_URL);
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
    if (units >= options.stock && persistedAt === undefined) {
      persistedAt = performance.now();
      cpu.allPersisted();
    }
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
      cpu.started();
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
            if (outcomes.accepted === options.stock) {
              lastUnitAt = response.doneAt;
              cpu.lastUnitAnswered();
            }
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

  const acceptedCpu = cpu.result(outcomes.accepted) ?? undefined;
  const start = stats.startedAt;
  const stockEnd = lastUnitAt ?? stats.endedAt;
  const notes: string[] = [];
  for (const [answer, count] of otherAnswers) notes.push(`${count} × ${answer}`);
  if (outcomes.rateLimited > 0)
    notes.push(`${outcomes.rateLimited} attempts rate-limited (429): raise the limits`);
  if (outcomes.busy > 0) notes.push(`${outcomes.busy} attempts answered 503 (busy, or a store too slow)`);
  if (stats.timedOut)
    notes.push(`stopped after ${options.scenarioTimeoutSeconds} s with ${stats.completed} answers`);
  const spike: ScenarioResult = {
    id,
    kind,
    label:
      naming?.label ??
      (kind === 'scale-out'
        ? `scale-out (2 API + 1 worker, ${strategy})`
        : name === 'naive baseline'
          ? 'naive baseline (FOR UPDATE)'
          : `${strategy} spike`),
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
    ...(acceptedCpu ? { acceptedCpu } : {}),
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
