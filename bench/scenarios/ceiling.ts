import { newRunStats } from '../load';
import { type ScenarioResult } from '../types';
import { type Context, crowd, healthCheck, measure, runFields, type Target } from './kit';

/**
 * The platform's own ceiling: GET /health/live driven like a spike (same generator, connections and headers),
 * at the start and again at the end of the run; the ratios read every scenario against it.
 */
export async function runCeiling(
  ctx: Context,
  target: Target,
  when: 'start' | 'end',
): Promise<ScenarioResult> {
  return runHealthChecks(ctx, target, {
    id: when === 'start' ? 'ceiling' : 'ceiling:end',
    kind: 'ceiling',
    label: when === 'start' ? 'ceiling: GET /health/live' : 'ceiling again, after the sales',
    target: 'health',
  });
}

/** `options.ceilingRequests` health checks, closed loop, on `target`: the ceiling's run, and the bare server's. */
export async function runHealthChecks(
  ctx: Context,
  target: Target,
  result: Pick<ScenarioResult, 'id' | 'kind' | 'label' | 'target'>,
): Promise<ScenarioResult> {
  const { options } = ctx;
  const stats = newRunStats(result.label, options.ceilingRequests);
  const measured = await measure(ctx, target, stats, () => crowd(ctx, target, stats, () => healthCheck(ctx)));
  return {
    ...result,
    mode: 'closed-loop',
    connections: options.connections,
    ...runFields(stats),
    ...measured,
  };
}
