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
  const { options } = ctx;
  const label = when === 'start' ? 'ceiling: GET /health/live' : 'ceiling again, after the sales';
  const stats = newRunStats(label, options.ceilingRequests);
  const measured = await measure(ctx, target, stats, () => crowd(ctx, target, stats, () => healthCheck(ctx)));
  return {
    id: when === 'start' ? 'ceiling' : 'ceiling:end',
    kind: 'ceiling',
    label,
    target: 'health',
    mode: 'closed-loop',
    connections: options.connections,
    ...runFields(stats),
    ...measured,
  };
}
