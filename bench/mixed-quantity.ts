/**
 * `npm run bench:mixed`: a spike of orders of 1–3 units (limit 3) against each strategy, audited like the main
 * benchmark. It checks what the one-unit spike cannot: a shopper asking for more than is left hears
 * INSUFFICIENT_STOCK and nobody else is turned away, several-bucket orders move every row they drew from, and
 * every unit is sold once. BENCH_MIXED_* variables size it; the bench smoke test runs a small one.
 */
import { type Audit, auditPassed, auditSale, type AuditFacts } from './audit';
import { createBenchEnvironment } from './environment';
import { closedLoop, newRunStats, openPool } from './load';
import { type Strategy, STRATEGIES } from './options';
import { PlatformApi } from './platform-api';
import { freePort, type NodeProcess, spawnNode, waitUntilAnswering } from './processes';
import { AddressBook, attemptOrder, createShoppers, seededRandom } from './shoppers';

export const MIXED_PER_USER_LIMIT = 3;

export interface MixedQuantityOptions {
  stock: number;
  attempts: number;
  users: number;
  connections: number;
  buckets: number;
  strategies: readonly Strategy[];
  /** Run the platform from src/ through ts-node (the smoke test) instead of dist/. */
  fromSource: boolean;
  seed: number;
  scenarioTimeoutSeconds: number;
  settleTimeoutSeconds: number;
}

export interface MixedQuantityResult {
  strategy: Strategy;
  requests: number;
  durationMs: number;
  /** Answers by kind; `unitsAccepted` counts units, the others attempts. */
  outcomes: {
    accepted: number;
    unitsAccepted: number;
    soldOut: number;
    insufficientStock: number;
    limitExceeded: number;
    busy: number;
    other: number;
  };
  tickets?: { succeeded: number; failed: number; unfinished: number };
  audit: Audit;
  facts: AuditFacts;
  summaryConsistent: boolean;
}

/** Runs one mixed-quantity spike per strategy on one platform process; never leaves a process, database or key. */
export async function runMixedQuantity(options: MixedQuantityOptions): Promise<MixedQuantityResult[]> {
  const env = await createBenchEnvironment();
  let platform: NodeProcess | undefined;
  try {
    const shoppers = await createShoppers(env.db, options.users, env.jwt, `${env.id}m`);
    const port = await freePort();
    platform = spawnNode({
      name: 'platform',
      script: options.fromSource ? 'src/main.ts' : 'dist/src/main.js',
      env: { ...process.env, ...env.platformEnv, APP_ROLE: 'all', PORT: String(port) },
    });
    const origin = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(platform, `${origin}/health/live`);
    const api = new PlatformApi(origin);
    await api.logInAsAdmin(env.admin.email, env.admin.password);
    const random = seededRandom(options.seed);
    const addresses = new AddressBook();
    const results: MixedQuantityResult[] = [];
    for (const strategy of options.strategies) {
      const { saleId } = await api.openSale({
        title: `bench mixed ${strategy}`,
        stock: options.stock,
        strategy,
        bucketCount: options.buckets,
        perUserLimit: MIXED_PER_USER_LIMIT,
      });
      const order = attemptOrder(options.attempts, options.users, random);
      const quantities = Array.from({ length: options.attempts }, () => 1 + Math.floor(random() * 3));
      const outcomes = {
        accepted: 0,
        unitsAccepted: 0,
        soldOut: 0,
        insufficientStock: 0,
        limitExceeded: 0,
        busy: 0,
        other: 0,
      };
      const tickets: { ticketId: string; token: string }[] = [];
      let confirmed = 0;
      const stats = newRunStats(`mixed ${strategy}`, options.attempts);
      const pool = openPool(origin, options.connections);
      try {
        await closedLoop({
          pool,
          stats,
          connections: options.connections,
          timeoutMs: options.scenarioTimeoutSeconds * 1000,
          request: (index) => ({
            method: 'POST',
            path: `/api/flash-sales/${saleId}/orders`,
            headers: {
              authorization: `Bearer ${shoppers[order[index]].token}`,
              'content-type': 'application/json',
              'x-forwarded-for': addresses.take(),
            },
            body: JSON.stringify({ quantity: quantities[index] }),
          }),
          onResponse: (response) => {
            if (response.status === 201 || response.status === 202) {
              outcomes.accepted++;
              outcomes.unitsAccepted += quantities[response.index];
              if (response.status === 201) confirmed++;
              else
                tickets.push({
                  ticketId: (JSON.parse(response.body) as { ticketId: string }).ticketId,
                  token: shoppers[order[response.index]].token,
                });
              return;
            }
            const code = (JSON.parse(response.body) as { code?: string }).code;
            if (code === 'SOLD_OUT') outcomes.soldOut++;
            else if (code === 'INSUFFICIENT_STOCK') outcomes.insufficientStock++;
            else if (code === 'LIMIT_EXCEEDED') outcomes.limitExceeded++;
            else if (response.status === 503) outcomes.busy++;
            else outcomes.other++;
          },
        });
      } finally {
        await pool.close();
      }
      const ticketCounts = await finishTickets(api, tickets, options.settleTimeoutSeconds);
      confirmed += ticketCounts.succeeded;
      const summary = await api.summary(saleId);
      const { audit, facts } = await auditSale(env.db, {
        saleId,
        perUserLimit: MIXED_PER_USER_LIMIT,
        soldOutAnswers: outcomes.soldOut,
        confirmedOrders: confirmed,
        ticketsUnfinished: ticketCounts.unfinished,
        summaryConsistent: summary.consistent,
      });
      results.push({
        strategy,
        requests: stats.completed,
        durationMs: Math.round(stats.endedAt - stats.startedAt),
        outcomes,
        ...(tickets.length > 0 ? { tickets: ticketCounts } : {}),
        audit,
        facts,
        summaryConsistent: summary.consistent,
      });
    }
    return results;
  } finally {
    await platform?.stop(5000);
    await env.dispose();
  }
}

async function finishTickets(
  api: PlatformApi,
  tickets: { ticketId: string; token: string }[],
  settleTimeoutSeconds: number,
): Promise<{ succeeded: number; failed: number; unfinished: number }> {
  const deadline = Date.now() + settleTimeoutSeconds * 1000;
  let pending = tickets;
  let succeeded = 0;
  let failed = 0;
  while (pending.length > 0 && Date.now() < deadline) {
    const still: typeof pending = [];
    for (const ticket of pending) {
      const answer = await api.call<{ status: string }>(
        'GET',
        `/api/order-tickets/${ticket.ticketId}`,
        undefined,
        ticket.token,
      );
      if (answer.status === 'succeeded') succeeded++;
      else if (answer.status === 'failed') failed++;
      else still.push(ticket);
    }
    pending = still;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { succeeded, failed, unfinished: pending.length };
}

function fromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function main(): Promise<number> {
  const results = await runMixedQuantity({
    stock: fromEnv('BENCH_MIXED_STOCK', 2000),
    attempts: fromEnv('BENCH_MIXED_ATTEMPTS', 20000),
    users: fromEnv('BENCH_MIXED_USERS', 5000),
    connections: fromEnv('BENCH_MIXED_CONNECTIONS', 100),
    buckets: fromEnv('BENCH_MIXED_BUCKETS', 8),
    strategies: STRATEGIES,
    fromSource: process.env.BENCH_FROM_SOURCE === 'true',
    seed: fromEnv('BENCH_SEED', 42),
    scenarioTimeoutSeconds: 120,
    settleTimeoutSeconds: 60,
  });
  for (const result of results) {
    const passed = auditPassed(result.audit);
    console.log(
      `${result.strategy.padEnd(9)} ${result.requests} attempts in ${result.durationMs} ms: ${JSON.stringify(result.outcomes)}`,
    );
    console.log(
      `          units sold ${result.facts.orderUnits}/${result.facts.total}, audit ${JSON.stringify(result.audit)} ${passed ? 'PASSED' : 'FAILED'}`,
    );
  }
  return results.every((result) => auditPassed(result.audit)) ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
