import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { persistedUnits } from '../audit';
import { type LoadRequest, newRunStats } from '../load';
import { type BenchOptions, type Strategy } from '../options';
import { type Context, crowd, healthCheck, openBenchSale, orderAttempt, type Target } from './kit';

/**
 * The warm-up's size: enough calls for V8 to compile the hot paths, a few seconds in all; less in a small run.
 * The sale must sell hundreds of units, not a few: an accepted async attempt cost the API 1.15 ms after 100 of
 * them and 0.5 ms after 6,000 (measured).
 */
export function warmUpSize(options: BenchOptions) {
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
export async function warmUp(ctx: Context, target: Target, strategies: readonly Strategy[]): Promise<void> {
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
    const saleId = await openBenchSale(ctx, target.api!, `warm-up ${strategy}`, strategy, size.stock);
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
