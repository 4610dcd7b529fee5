import { BusyError } from '../../../domain/ordering/ordering.errors';
import { type StockLedger } from '../../../domain/ordering/stock-ledger';
import { fakeGate, fakeSoldOut, NOW, orderOf, placeOrderOf, saleOf } from '../ordering.spec-fakes';
import { GateUnits } from './gate-units';

describe('GateUnits', () => {
  let gate: ReturnType<typeof fakeGate>;
  let soldOut: ReturnType<typeof fakeSoldOut>;
  let units: GateUnits;
  const ledger = {
    buckets: jest.fn().mockResolvedValue([{ bucketNo: 0, available: 10 }]),
    buyers: jest.fn().mockResolvedValue({ 'user-2': 1 }),
  };
  const taken = { ok: true, bucketNo: 0, parts: [{ bucketNo: 0, units: 1 }] };
  const release = { saleId: 'sale-1', userId: 'user-1', quantity: 1, parts: taken.parts, attemptId: 'a' };

  beforeEach(() => {
    gate = fakeGate();
    soldOut = fakeSoldOut();
    units = new GateUnits(gate, ledger as unknown as StockLedger, soldOut, { now: () => NOW });
  });

  it('takes units from the home bucket it is given, for the attempt', async () => {
    gate.reserve.mockResolvedValue(taken);
    const sale = saleOf({ bucketCount: 4 });
    expect(await units.take(placeOrderOf({ sale, quantity: 2 }), 'a', 3)).toBe(taken);
    expect(gate.reserve).toHaveBeenCalledWith({
      saleId: 'sale-1',
      userId: 'user-1',
      quantity: 2,
      bucketCount: 4,
      homeBucket: 3,
      nowMs: NOW.getTime(),
      attemptId: 'a',
    });
    expect(gate.prepare).not.toHaveBeenCalled();
  });

  it('prepares a gate Redis lost (without overwriting an open one) and tries once more', async () => {
    gate.reserve.mockResolvedValueOnce({ ok: false, reason: 'not_prepared' }).mockResolvedValueOnce(taken);
    expect(await units.take(placeOrderOf(), 'a', 0)).toBe(taken);
    expect(gate.prepare).toHaveBeenCalledTimes(1);
    expect(gate.prepare.mock.calls[0]).toEqual([
      expect.objectContaining({ saleId: 'sale-1', buckets: [10], buyers: { 'user-2': 1 } }),
      'if-absent',
    ]);
  });

  it('answers BUSY when the gate still cannot be prepared', async () => {
    gate.reserve.mockResolvedValue({ ok: false, reason: 'not_prepared' });
    await expect(units.take(placeOrderOf(), 'a', 0)).rejects.toThrow(BusyError);
    expect(gate.reserve).toHaveBeenCalledTimes(2);
  });

  it('hands a refusal back as it is', async () => {
    gate.reserve.mockResolvedValue({ ok: false, reason: 'insufficient', left: 1 });
    expect(await units.take(placeOrderOf(), 'a', 0)).toEqual({ ok: false, reason: 'insufficient', left: 1 });
  });

  it("leaves a running sale's loaded gate alone, without reading its buyers from MySQL", async () => {
    gate.isPrepared.mockResolvedValue(true);
    ledger.buyers.mockClear();
    await units.prepare(saleOf());
    expect(gate.isPrepared).toHaveBeenCalledWith('sale-1');
    expect(ledger.buyers).not.toHaveBeenCalled();
    expect(gate.prepare).not.toHaveBeenCalled();
  });

  it('prepares a sale that has not started by resetting its gate', async () => {
    await units.prepare(saleOf({ startsAt: new Date(NOW.getTime() + 1000) }));
    expect(gate.prepare.mock.calls[0][1]).toBe('reset');
  });

  it('gives units back and announces the restock only when they moved and were real', async () => {
    await units.giveBackQuietly(release);
    expect(soldOut.announceRestock).toHaveBeenCalledWith('sale-1');
    soldOut.announceRestock.mockClear();
    await units.giveBackQuietly({ ...release, restock: false });
    gate.giveBack.mockResolvedValueOnce(false);
    await units.giveBackQuietly(release);
    expect(soldOut.announceRestock).not.toHaveBeenCalled();
  });

  it('keeps a failed give-back or settle from reaching the shopper', async () => {
    gate.giveBack.mockRejectedValue(new Error('redis down'));
    gate.settle.mockRejectedValue(new Error('redis down'));
    await expect(units.giveBackQuietly(release)).resolves.toBeUndefined();
    expect(() => units.settleQuietly('sale-1', 'a')).not.toThrow();
    expect(gate.settle).toHaveBeenCalledWith('sale-1', 'a');
  });

  it("releases a closed order's units to the buckets they came from and announces the restock", async () => {
    await units.release(orderOf({ quantity: 2, parts: [{ bucketNo: 1, units: 2 }] }), saleOf());
    expect(gate.giveBack).toHaveBeenCalledWith({
      saleId: 'sale-1',
      userId: 'user-1',
      quantity: 2,
      parts: [{ bucketNo: 1, units: 2 }],
    });
    expect(soldOut.announceRestock).toHaveBeenCalledWith('sale-1');
  });
});
