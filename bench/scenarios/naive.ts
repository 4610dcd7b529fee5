import { type PlatformApi } from '../platform-api';
import { freePort, type NodeProcess, spawnNode, waitUntilAnswering } from '../processes';
import { type ScenarioResult } from '../types';
import { type Context } from './kit';
import { runSpike } from './spike';

/**
 * The naive baseline (bench/naive-server.ts): the textbook SELECT ... FOR UPDATE checkout, spiked like the
 * strategies, so that the ratios show what the platform's design buys.
 */
export async function runNaive(
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
