import * as hdr from 'hdr-histogram-js';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

/** Latencies are recorded in microseconds, 1 µs … 2 min, 3 significant digits. */
export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export function summarize(histogram: Histogram): LatencySummary {
  const ms = (us: number) => Math.round(us) / 1000;
  const count = histogram.totalCount;
  if (count === 0) return { count, meanMs: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
  return {
    count,
    meanMs: ms(histogram.mean),
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p90Ms: ms(histogram.getValueAtPercentile(90)),
    p95Ms: ms(histogram.getValueAtPercentile(95)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    p999Ms: ms(histogram.getValueAtPercentile(99.9)),
    maxMs: ms(histogram.maxValue),
  };
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResponse {
  index: number;
  /** 0 when the request failed without an HTTP answer. */
  status: number;
  body: string;
  /** performance.now() when the request was meant to go (fixed rate) or went (closed loop). */
  intendedAt: number;
  sentAt: number;
  doneAt: number;
}

/** Live counters of one run; the progress bar reads them while the run goes on. */
export interface RunStats {
  label: string;
  planned: number;
  sent: number;
  completed: number;
  errors: number;
  statuses: Record<string, number>;
  startedAt: number;
  endedAt: number;
  timedOut: boolean;
  /** Latency from the intended send time (closed loop: the actual one). */
  latency: Histogram;
  /** Fixed rate only: latency from the moment the request actually left (what a CO-prone tool reports). */
  serviceLatency: Histogram;
}

export function newRunStats(label: string, planned: number): RunStats {
  return {
    label,
    planned,
    sent: 0,
    completed: 0,
    errors: 0,
    statuses: {},
    startedAt: 0,
    endedAt: 0,
    timedOut: false,
    latency: newHistogram(),
    serviceLatency: newHistogram(),
  };
}

export function durationMs(stats: RunStats): number {
  return Math.max(1, stats.endedAt - stats.startedAt);
}

export function openPool(origin: string, connections: number): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
    connectTimeout: 10_000,
  });
}

async function send(pool: Pool, request: LoadRequest): Promise<{ status: number; body: string }> {
  try {
    const response = await pool.request({
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
    });
    return { status: response.statusCode, body: await response.body.text() };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

function record(stats: RunStats, response: LoadResponse): void {
  stats.completed++;
  if (response.status === 0) stats.errors++;
  stats.statuses[response.status] = (stats.statuses[response.status] ?? 0) + 1;
  stats.latency.recordValue(Math.max(1, Math.round((response.doneAt - response.intendedAt) * 1000)));
  stats.serviceLatency.recordValue(Math.max(1, Math.round((response.doneAt - response.sentAt) * 1000)));
}

export interface ClosedLoopRun {
  pool: Pool;
  stats: RunStats;
  connections: number;
  timeoutMs: number;
  request(index: number): LoadRequest;
  onResponse?(response: LoadResponse): void;
}

/**
 * Opens `connections` keep-alive connections before a run, so that the run measures answering requests rather
 * than accepting a storm of connections: a Node server saturated by busy keep-alive connections accepts new ones
 * at a few per event-loop turn, and a connection then waits seconds in the listen queue (measured here with a
 * bare node:http server too: the platform's own code is not what makes it slow). In production a proxy in front
 * holds the connections (see scripts/topology.sh and docs/scale-out.md); the README's benchmark section has the figures.
 */
export async function openConnections(pool: Pool, connections: number, path = '/health/live'): Promise<void> {
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const response = await pool.request({ method: 'GET', path, headers: { connection: 'keep-alive' } });
      await response.body.dump();
    }),
  );
}

/**
 * Closed loop: `connections` callers, each sending its next request as soon as the last one answered, until
 * `stats.planned` requests went or the time is up. Measures throughput; latency is per request.
 */
export async function closedLoop(run: ClosedLoopRun): Promise<RunStats> {
  const { stats } = run;
  let next = 0;
  await openConnections(run.pool, Math.min(run.connections, stats.planned));
  stats.startedAt = performance.now();
  const deadline = stats.startedAt + run.timeoutMs;
  const caller = async () => {
    while (next < stats.planned) {
      if (performance.now() > deadline) {
        stats.timedOut = true;
        return;
      }
      const index = next++;
      const request = run.request(index);
      const sentAt = performance.now();
      stats.sent++;
      const { status, body } = await send(run.pool, request);
      const response = { index, status, body, intendedAt: sentAt, sentAt, doneAt: performance.now() };
      record(stats, response);
      run.onResponse?.(response);
    }
  };
  await Promise.all(Array.from({ length: Math.min(run.connections, stats.planned) }, caller));
  stats.endedAt = performance.now();
  return stats;
}

export interface FixedRateRun {
  pool: Pool;
  stats: RunStats;
  /** Requests per second. */
  rate: number;
  timeoutMs: number;
  /** Stops the schedule early (the browsing stream stops when its spike ends). */
  signal?: AbortSignal;
  request(index: number): LoadRequest;
  onResponse?(response: LoadResponse): void;
}

/**
 * Open loop at a fixed rate, free of coordinated omission: request k is due at start + k/rate whether or not
 * earlier ones answered, and its latency counts from that intended time, so a stall shows up in every request
 * it delayed instead of hiding as one slow sample.
 */
export async function fixedRate(run: FixedRateRun): Promise<RunStats> {
  const { stats } = run;
  const interval = 1000 / run.rate;
  stats.startedAt = performance.now();
  const deadline = stats.startedAt + run.timeoutMs;
  const inFlight = new Set<Promise<void>>();
  let index = 0;
  while (index < stats.planned && !run.signal?.aborted) {
    const now = performance.now();
    if (now > deadline) {
      stats.timedOut = true;
      break;
    }
    while (index < stats.planned && stats.startedAt + index * interval <= now) {
      const k = index++;
      const intendedAt = stats.startedAt + k * interval;
      const request = run.request(k);
      stats.sent++;
      const sentAt = performance.now();
      const flight = send(run.pool, request).then(({ status, body }) => {
        const response = { index: k, status, body, intendedAt, sentAt, doneAt: performance.now() };
        record(stats, response);
        run.onResponse?.(response);
      });
      inFlight.add(flight);
      void flight.finally(() => inFlight.delete(flight));
    }
    const nextDue = stats.startedAt + index * interval - performance.now();
    await sleep(Math.max(0, Math.min(nextDue, 5)));
  }
  await Promise.all(inFlight);
  stats.endedAt = performance.now();
  return stats;
}
