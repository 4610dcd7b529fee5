import { PlatformApi } from '../platform-api';
import { freePort, type NodeProcess } from '../processes';
import { type Strategy } from '../options';
import { type ScenarioResult } from '../types';
import { type Context, openBenchSale, startSingleInstance, type Target } from './kit';
import { runSpike } from './spike';
import { warmUp } from './warm-up';

/** The strategies compared where the stock row binds. */
const COMPARED: Strategy[] = ['sync', 'bucketed'];

/**
 * Buckets where rows bind: a single instance of its own that writes every order in a transaction of its own
 * (ORDER_WRITE_BATCH_MAX=1), so each accepted attempt locks its stock row once, as it did before the writes
 * were batched. A sync sale has one hot row; a bucketed one spreads its units over `buckets` rows, which can be
 * locked at the same time. The bar compares their stock phases (attempts per second until the last unit).
 */
export async function runRowsBind(
  ctx: Context,
  track: (process: NodeProcess) => NodeProcess,
): Promise<ScenarioResult[]> {
  const { options, env } = ctx;
  const bound: Context = {
    ...ctx,
    options: {
      ...options,
      browseRate: 0,
      serverEnv: { ...options.serverEnv, ORDER_WRITE_BATCH_MAX: '1' },
    },
  };
  const port = await freePort();
  const servers = await startSingleInstance(bound, port, track);
  try {
    const origin = `http://127.0.0.1:${port}`;
    const api = new PlatformApi(origin);
    await api.logInAsAdmin(env.admin.email, env.admin.password);
    const target: Target = { origin, servers, helpers: [], api };
    ctx.progress.log(`rows bind: an instance writing one order per transaction on ${origin}`);
    if (options.warmUp) await warmUp(bound, target, COMPARED);
    const results: ScenarioResult[] = [];
    for (const strategy of COMPARED) {
      const saleId = await openBenchSale(ctx, api, `rows bind ${strategy}`, strategy);
      const [spike] = await runSpike(bound, target, saleId, strategy, 'rows-bind', {
        id: `rows-bind:${strategy}`,
        label: `${strategy}, one order per transaction`,
      });
      results.push(spike);
    }
    return results;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
