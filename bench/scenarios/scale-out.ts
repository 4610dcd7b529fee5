import { PlatformApi } from '../platform-api';
import { upTopology } from '../topology';
import { type ScenarioResult } from '../types';
import { type Context, openBenchSale, type Target } from './kit';
import { runSpike } from './spike';
import { warmUp } from './warm-up';

/** The spike again on the scale-out deployment (scripts/topology.sh), with `options.scaleOutStrategy`. */
export async function runScaleOut(ctx: Context): Promise<ScenarioResult[]> {
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
    const saleId = await openBenchSale(ctx, api, `scale-out ${strategy}`, strategy);
    return await runSpike(ctx, target, saleId, strategy, 'scale-out');
  } finally {
    await topology.down();
  }
}
