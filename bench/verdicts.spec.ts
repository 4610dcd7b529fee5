import { type ScenarioResult } from './types';
import { computeVerdicts } from './verdicts';

const latency = { count: 1, meanMs: 1, p50Ms: 1, p90Ms: 1, p95Ms: 1, p99Ms: 1, p999Ms: 1, maxMs: 1 };

function scenario(id: string, kind: ScenarioResult['kind'], throughput: number): ScenarioResult {
  return {
    id,
    kind,
    label: id,
    target: 'health',
    mode: 'closed-loop',
    requests: throughput,
    errors: 0,
    statuses: {},
    durationMs: 1000,
    throughput,
    latency,
    timedOut: false,
  };
}

describe('computeVerdicts', () => {
  it('holds every scenario against the mean of the ceilings measured before and after the sales', () => {
    const { ratios, bars } = computeVerdicts(
      [
        scenario('ceiling', 'ceiling', 12_000),
        scenario('sold-out:sync', 'sold-out', 9_000),
        scenario('ceiling:end', 'ceiling', 6_000),
      ],
      { connections: 200 },
    );
    expect(ratios['sold-out:sync vs ceiling']).toBe(1);
    expect(ratios['ceiling at the end vs at the start']).toBe(0.5);
    expect(bars.find((bar) => bar.id === 'sold-out-vs-ceiling')).toMatchObject({ value: 1, met: true });
  });

  it('uses the one ceiling there is when the run measured it once', () => {
    const { ratios, bars } = computeVerdicts(
      [scenario('ceiling', 'ceiling', 10_000), scenario('sold-out:async', 'sold-out', 8_000)],
      { connections: 200 },
    );
    expect(ratios['sold-out:async vs ceiling']).toBe(0.8);
    expect(ratios['ceiling at the end vs at the start']).toBeNull();
    expect(bars.find((bar) => bar.id === 'sold-out-vs-ceiling')).toMatchObject({ value: 0.8, met: false });
  });
});
