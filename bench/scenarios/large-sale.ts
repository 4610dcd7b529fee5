import { type Strategy } from '../options';
import { createShoppers, type Shopper } from '../shoppers';
import { type ScenarioResult } from '../types';
import { type Context, openBenchSale, type Target } from './kit';
import { runSpike } from './spike';

/**
 * A large sale: `largeSaleStock` units (50,000) bought by `largeSaleAttempts` attempts (200,000) of
 * `largeSaleUsers` shoppers (50,000, each allowed one unit and trying four times), for each strategy, on the
 * same warm instance as the spikes. With as many units as shoppers, the stock phase is nearly the whole sale:
 * what it measures is how fast the platform sells and persists (units per second until MySQL holds the last
 * one), its p99, the CPU per accepted attempt, and the audit. No browsing stream beside it (the spikes have one).
 */
export async function largeSaleShoppers(ctx: Context): Promise<Shopper[]> {
  return createShoppers(ctx.env.db, ctx.options.largeSaleUsers, ctx.env.jwt, `${ctx.env.id}L`);
}

export async function runLargeSale(
  ctx: Context,
  target: Target,
  shoppers: Shopper[],
  strategy: Strategy,
): Promise<ScenarioResult> {
  const { options } = ctx;
  const large: Context = {
    ...ctx,
    shoppers,
    options: {
      ...options,
      stock: options.largeSaleStock,
      attempts: options.largeSaleAttempts,
      users: Math.min(options.largeSaleUsers, shoppers.length),
      browseRate: 0,
      scenarioTimeoutSeconds: options.largeSaleTimeoutSeconds,
      settleTimeoutSeconds: Math.max(options.settleTimeoutSeconds, 180),
    },
  };
  const saleId = await openBenchSale(
    ctx,
    target.api!,
    `large sale ${strategy}`,
    strategy,
    options.largeSaleStock,
  );
  const [result] = await runSpike(large, target, saleId, strategy, 'large-sale', {
    id: `large-sale:${strategy}`,
    label: `large sale (${strategy}): ${options.largeSaleStock.toLocaleString('en-US')} units`,
  });
  return result;
}

/** Units sold and persisted per second: the sale's units over the time until MySQL held the last of them. */
export function unitsPerSecond(sale: ScenarioResult, units: number): number | null {
  if (!sale.lastUnitPersistedMs) return null;
  return Math.round((units / sale.lastUnitPersistedMs) * 1000);
}
