import { fixedRate, newRunStats, openPool, summarize } from '../load';
import { type Strategy } from '../options';
import { type ScenarioResult } from '../types';
import { type Context, crowd, errorCode, measure, orderAttempt, runFields, type Target } from './kit';

/** Attempts on a sale already sold out: as many as the server answers (closed loop), then at a fixed rate. */
export async function runSoldOut(
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

export async function runSoldOutAtFixedRate(
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
