import { STRATEGY_KINDS } from '../../../domain/catalog/flash-sale';
import { homeBucketOf } from '../../../domain/ordering/home-bucket';
import { type OrderingStrategy } from '../../../domain/ordering/ordering-strategy';
import { BusyError } from '../../../domain/ordering/ordering.errors';
import { orderOf, placeOrderOf, saleOf } from '../ordering.spec-fakes';
import { GatedOrderingStrategy, type StrategyRecipe } from './gated-ordering-strategy';
import { type GateUnits } from './gate-units';
import { HandOver } from './hand-over';
import { OrderingStrategyResolver } from './ordering-strategy-resolver';
import { QueueWithTicketHandOver } from './queue-with-ticket.hand-over';
import { buildStrategies, STRATEGY_RECIPES } from './strategy-registry';
import { anyBucket, homeBucket } from './unit-source';
import { WriteNowHandOver } from './write-now.hand-over';

describe('GatedOrderingStrategy', () => {
  let gate: { prepare: jest.Mock; take: jest.Mock; release: jest.Mock };
  let handOver: { admit: jest.Mock; handOver: jest.Mock; writesFailing: jest.Mock };
  const units = jest.fn().mockReturnValue(3);
  const taken = { ok: true, bucketNo: 3, parts: [{ bucketNo: 3, units: 1 }] };
  const strategy = () =>
    new GatedOrderingStrategy(
      { kind: 'bucketed', units, handOver: WriteNowHandOver },
      gate as unknown as GateUnits,
      handOver,
    );

  beforeEach(() => {
    gate = {
      prepare: jest.fn().mockResolvedValue(undefined),
      take: jest.fn().mockResolvedValue(taken),
      release: jest.fn().mockResolvedValue(undefined),
    };
    handOver = {
      admit: jest.fn().mockResolvedValue(undefined),
      handOver: jest.fn().mockResolvedValue({ outcome: 'queued', ticketId: 't' }),
      writesFailing: jest.fn().mockReturnValue(false),
    };
  });

  it('takes the units from where the recipe says and hands them over under one attempt id', async () => {
    const cmd = placeOrderOf({ sale: saleOf({ strategy: 'bucketed', bucketCount: 8 }) });
    expect(await strategy().place(cmd)).toEqual({ outcome: 'queued', ticketId: 't' });
    expect(units).toHaveBeenCalledWith('user-1', 8);
    const [, attemptId, home] = gate.take.mock.calls[0];
    expect(home).toBe(3);
    expect(handOver.handOver).toHaveBeenCalledWith(cmd, { attemptId, bucketNo: 3, parts: taken.parts });
  });

  it('gives every attempt its own id', async () => {
    await strategy().place(placeOrderOf());
    await strategy().place(placeOrderOf());
    expect(gate.take.mock.calls[0][1]).not.toBe(gate.take.mock.calls[1][1]);
  });

  it('asks the hand-over first: a refusal there takes no unit', async () => {
    handOver.admit.mockRejectedValue(new BusyError());
    await expect(strategy().place(placeOrderOf())).rejects.toThrow(BusyError);
    expect(gate.take).not.toHaveBeenCalled();
  });

  it.each(['not_started', 'ended', 'sold_out', 'limit_exceeded'] as const)(
    'answers the gate refusing with %s, and hands nothing over',
    async (reason) => {
      gate.take.mockResolvedValue({ ok: false, reason });
      expect(await strategy().place(placeOrderOf())).toEqual({ outcome: 'rejected', reason });
      expect(handOver.handOver).not.toHaveBeenCalled();
    },
  );

  it('answers SOLD_OUT while the last units are in flight and writes succeed: they will be sold', async () => {
    gate.take.mockResolvedValue({ ok: false, reason: 'sold_out', inFlight: 3 });
    expect(await strategy().place(placeOrderOf())).toEqual({ outcome: 'rejected', reason: 'sold_out' });
  });

  it('answers BUSY, not SOLD_OUT, while the last units are in flight and writes are failing: they may come back', async () => {
    handOver.writesFailing.mockReturnValue(true);
    gate.take.mockResolvedValue({ ok: false, reason: 'sold_out', inFlight: 3 });
    await expect(strategy().place(placeOrderOf())).rejects.toThrow(BusyError);
    // Nothing in flight: nothing can come back, whatever the writes do.
    gate.take.mockResolvedValue({ ok: false, reason: 'sold_out', inFlight: 0 });
    expect(await strategy().place(placeOrderOf())).toEqual({ outcome: 'rejected', reason: 'sold_out' });
    expect(handOver.handOver).not.toHaveBeenCalled();
  });

  it('answers insufficient with the units left', async () => {
    gate.take.mockResolvedValue({ ok: false, reason: 'insufficient', left: 1 });
    expect(await strategy().place(placeOrderOf())).toEqual({
      outcome: 'rejected',
      reason: 'insufficient',
      left: 1,
    });
  });

  it('prepares and releases through the gate', async () => {
    const sale = saleOf();
    const order = orderOf();
    await strategy().prepare(sale);
    await strategy().release(order, sale);
    expect(gate.prepare).toHaveBeenCalledWith(sale);
    expect(gate.release).toHaveBeenCalledWith(order, sale);
  });
});

describe('the strategies as registered', () => {
  const recipe = (kind: string) => STRATEGY_RECIPES.find((r) => r.kind === kind);

  it('has one recipe of every kind, in the order of STRATEGY_KINDS', () => {
    expect(STRATEGY_RECIPES.map((r) => r.kind)).toEqual([...STRATEGY_KINDS]);
  });

  it.each([
    ['sync', anyBucket, WriteNowHandOver],
    ['async', anyBucket, QueueWithTicketHandOver],
    ['bucketed', homeBucket, WriteNowHandOver],
  ])('%s: its units and its hand-over', (kind, units, handOver) => {
    expect(recipe(kind)).toEqual({ kind, units, handOver });
  });

  it('starts a shopper at bucket 0, or at their home bucket', () => {
    expect(anyBucket('user-7', 8)).toBe(0);
    expect(homeBucket('user-7', 8)).toBe(homeBucketOf('user-7', 8));
  });

  it('builds one strategy per recipe, with the hand-over its recipe names, found by its kind', async () => {
    const handOvers = new Map<unknown, { admit: jest.Mock; handOver: jest.Mock }>();
    const handOverOf = (type: StrategyRecipe['handOver']) => {
      const built = {
        admit: jest.fn().mockRejectedValue(new BusyError(String(type.name))),
        handOver: jest.fn(),
      };
      handOvers.set(type, built);
      return built as unknown as HandOver;
    };
    const resolver = buildStrategies(STRATEGY_RECIPES, {} as GateUnits, handOverOf);
    for (const kind of STRATEGY_KINDS) {
      const strategy = resolver.for(kind);
      expect(strategy.kind).toBe(kind);
      // The admit of the hand-over it was built with answers, naming its class.
      await expect(strategy.place(placeOrderOf())).rejects.toThrow(recipe(kind)!.handOver.name);
    }
  });
});

describe('OrderingStrategyResolver', () => {
  const of = (kind: string) => ({ kind }) as OrderingStrategy;

  it('finds each strategy by its own kind', () => {
    const strategies = [...STRATEGY_KINDS].reverse().map(of);
    const resolver = new OrderingStrategyResolver(strategies);
    for (const strategy of strategies) expect(resolver.for(strategy.kind)).toBe(strategy);
  });

  it('refuses to start with a kind missing or twice', () => {
    const [first, ...others] = STRATEGY_KINDS;
    expect(() => new OrderingStrategyResolver(others.map(of))).toThrow(
      `No ordering strategy of kind ${first}`,
    );
    expect(() => new OrderingStrategyResolver([...STRATEGY_KINDS, first].map(of))).toThrow(
      `Two ordering strategies of kind ${first}`,
    );
  });
});
