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

  it('reads the ceiling and the sold-out rejections against the bare node:http server of the same run', () => {
    const { ratios, bars } = computeVerdicts(
      [
        scenario('bare', 'bare', 24_000),
        scenario('ceiling', 'ceiling', 12_000),
        scenario('sold-out:sync', 'sold-out', 15_000),
        scenario('sold-out:async', 'sold-out', 13_000),
        scenario('bare:end', 'bare', 16_000),
      ],
      { connections: 200 },
    );
    expect(ratios['ceiling vs bare']).toBe(0.6);
    expect(ratios['sold-out:async vs bare']).toBe(0.65);
    expect(bars.find((bar) => bar.id === 'ceiling-vs-bare')).toMatchObject({ value: 0.6, met: true });
    expect(bars.find((bar) => bar.id === 'sold-out-vs-bare')).toMatchObject({ value: 0.65, met: true });
  });

  it('holds the accepted attempt to its CPU, every stock phase to 3× its old rate, and the spikes to their p99', () => {
    const spike = (
      strategy: 'sync' | 'async' | 'bucketed',
      stockRate: number,
      cpuMs: number,
      p99Ms: number,
    ) => ({
      ...scenario(strategy, 'spike', 9000),
      target: strategy,
      latency: { ...latency, p99Ms },
      stockPhase: { requests: 2000, durationMs: 1000, throughput: stockRate, latency },
      acceptedCpu: { accepted: 2000, perAcceptedMs: cpuMs, byProcess: {}, stockPhaseMs: 0, writeBehindMs: 0 },
    });
    const { bars } = computeVerdicts(
      [spike('sync', 7350, 0.55, 40), spike('async', 3000, 0.45, 49), spike('bucketed', 4000, 0.7, 20)],
      { connections: 200 },
    );
    const byId = Object.fromEntries(bars.map((bar) => [bar.id, bar]));
    expect(byId['accepted-cpu-sync']).toMatchObject({ value: 0.55, met: true });
    expect(byId['accepted-cpu-async']).toMatchObject({ value: 0.45, met: false });
    // sync 3×, bucketed 3.01×, async 2.54×: the worst decides.
    expect(byId['stock-phase-gain']).toMatchObject({ value: 2.54, met: false });
    expect(byId['spike-p99']).toMatchObject({ value: 49, met: true });
    // The bars the issue retired are gone.
    expect(byId['async-stock-vs-ceiling']).toBeUndefined();
    expect(byId['bucketed-sell-out']).toBeUndefined();
  });

  it('asks the large sale for units sold and persisted per second, and buckets for 2× where rows bind', () => {
    const sale = (id: string, persistedMs: number | null) => ({
      ...scenario(id, 'large-sale', 5000),
      lastUnitPersistedMs: persistedMs,
    });
    // Units sold per second while stock lasts, not attempts: sync's slow row kept its stock phase open 5 s and
    // answered more attempts a second in it (sold out while the units were in flight) than bucketed's 2 s.
    const rowsBind = (id: string, durationMs: number, attemptsPerSecond: number) => ({
      ...scenario(id, 'rows-bind', 5000),
      stockPhase: { requests: 0, durationMs, throughput: attemptsPerSecond, latency },
      outcomes: { accepted: 2000, soldOut: 0, limitExceeded: 0, rateLimited: 0, busy: 0, other: 0 },
    });
    const { bars } = computeVerdicts(
      [
        sale('large-sale:sync', 8000),
        sale('large-sale:async', 12_500),
        rowsBind('rows-bind:sync', 5000, 4500),
        rowsBind('rows-bind:bucketed', 2000, 3100),
      ],
      { connections: 200, largeSaleStock: 50_000 },
    );
    const byId = Object.fromEntries(bars.map((bar) => [bar.id, bar]));
    expect(byId['large-sale-rate']).toMatchObject({ value: 4000, met: false });
    expect(byId['buckets-where-rows-bind']).toMatchObject({ value: 2.5, met: true });

    const unsold = computeVerdicts([sale('large-sale:sync', 5000), sale('large-sale:async', null)], {
      connections: 200,
      largeSaleStock: 50_000,
    }).bars.find((bar) => bar.id === 'large-sale-rate');
    expect(unsold).toMatchObject({ value: null, met: false, display: 'large-sale:async did not sell out' });
  });
});
