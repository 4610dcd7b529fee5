import {
  BusyError,
  BuyerGoneError,
  IdempotencyKeyReusedError,
  LimitExceededError,
  OrderWriteUnsettledError,
  SoldOutError,
} from '../../../domain/ordering/ordering.errors';
import { type Order } from '../../../domain/ordering/order';
import { fakeOrders, flushPromises, NOW, orderOf, placeOrderOf } from '../ordering.spec-fakes';
import { type GateUnits } from './gate-units';
import { WriteNowHandOver } from './write-now.hand-over';

describe('WriteNowHandOver', () => {
  let orders: ReturnType<typeof fakeOrders>;
  let gate: { giveBackQuietly: jest.Mock; settleQuietly: jest.Mock };
  let handOver: WriteNowHandOver;
  const taken = { attemptId: 'attempt-1', bucketNo: 2, parts: [{ bucketNo: 2, units: 1 }] };
  const release = {
    saleId: 'sale-1',
    userId: 'user-1',
    quantity: 1,
    parts: taken.parts,
    attemptId: 'attempt-1',
  };
  const place = () => handOver.handOver(placeOrderOf({ idempotencyKey: 'key-1' }), taken);

  beforeEach(() => {
    orders = fakeOrders();
    gate = { giveBackQuietly: jest.fn().mockResolvedValue(undefined), settleQuietly: jest.fn() };
    handOver = new WriteNowHandOver(orders, gate as unknown as GateUnits);
  });

  it('admits every attempt', async () => {
    await expect(handOver.admit()).resolves.toBeUndefined();
  });

  it('writes the order with the attempt id, answers it and settles the attempt in the gate', async () => {
    const order = orderOf();
    orders.place.mockResolvedValue(order);
    expect(await place()).toEqual({ outcome: 'placed', order });
    expect(orders.place).toHaveBeenCalledWith({
      saleId: 'sale-1',
      userId: 'user-1',
      bucketNo: 2,
      parts: taken.parts,
      quantity: 1,
      unitPriceCents: 500,
      perUserLimit: 2,
      attemptId: 'attempt-1',
      idempotencyKey: 'key-1',
      createdAt: NOW,
      expiresAt: new Date(NOW.getTime() + 900_000),
    });
    expect(gate.settleQuietly).toHaveBeenCalledWith('sale-1', 'attempt-1');
    expect(gate.giveBackQuietly).not.toHaveBeenCalled();
  });

  it("answers an earlier order of the same key and request, giving this attempt's units back", async () => {
    const earlier = orderOf({ attemptId: 'earlier' });
    orders.place.mockResolvedValue(earlier);
    expect(await place()).toEqual({ outcome: 'placed', order: earlier });
    expect(gate.giveBackQuietly).toHaveBeenCalledWith(release);
    expect(gate.settleQuietly).not.toHaveBeenCalled();
  });

  it('refuses a key an earlier order of another request holds, with the units back', async () => {
    orders.place.mockResolvedValue(orderOf({ attemptId: 'earlier', quantity: 2 }));
    await expect(place()).rejects.toThrow(IdempotencyKeyReusedError);
    expect(gate.giveBackQuietly).toHaveBeenCalledWith(release);
  });

  it("MySQL sold out: rejected sold_out, and only the buyer's count goes back (the gate over-counted)", async () => {
    orders.place.mockRejectedValue(new SoldOutError());
    expect(await place()).toEqual({ outcome: 'rejected', reason: 'sold_out' });
    expect(gate.giveBackQuietly).toHaveBeenCalledWith({ ...release, restock: false });
  });

  it('MySQL over the limit: rejected limit_exceeded, with the units back', async () => {
    orders.place.mockRejectedValue(new LimitExceededError(2));
    expect(await place()).toEqual({ outcome: 'rejected', reason: 'limit_exceeded' });
    expect(gate.giveBackQuietly).toHaveBeenCalledWith(release);
  });

  it('a deleted buyer: the units go back and the error reaches the caller', async () => {
    const gone = new BuyerGoneError();
    orders.place.mockRejectedValue(gone);
    await expect(place()).rejects.toBe(gone);
    expect(gate.giveBackQuietly).toHaveBeenCalledWith(release);
  });

  describe('a write past its deadline (it may still commit)', () => {
    let settle: (order: Order | null) => void;
    beforeEach(() => {
      const outcome = new Promise<Order | null>((resolve) => (settle = resolve));
      orders.place.mockRejectedValue(new OrderWriteUnsettledError(outcome));
    });

    it('answers 503 and keeps the units until the write settles; a late commit keeps them', async () => {
      await expect(place()).rejects.toBeInstanceOf(OrderWriteUnsettledError);
      expect(gate.giveBackQuietly).not.toHaveBeenCalled();
      settle(orderOf());
      await flushPromises();
      expect(gate.settleQuietly).toHaveBeenCalledWith('sale-1', 'attempt-1');
      expect(gate.giveBackQuietly).not.toHaveBeenCalled();
    });

    it('gives the units back once the write is known not to have committed', async () => {
      await expect(place()).rejects.toBeInstanceOf(OrderWriteUnsettledError);
      settle(null);
      await flushPromises();
      expect(gate.giveBackQuietly).toHaveBeenCalledWith(release);
      expect(gate.settleQuietly).not.toHaveBeenCalled();
    });
  });

  it('an unknown failure that had committed: the attempt id finds the order, which answers', async () => {
    const written = orderOf();
    orders.place.mockRejectedValue(new Error('connection lost'));
    orders.findByAttemptId.mockResolvedValue(written);
    expect(await place()).toEqual({ outcome: 'placed', order: written });
    expect(orders.findByAttemptId).toHaveBeenCalledWith('attempt-1');
    expect(gate.settleQuietly).toHaveBeenCalledWith('sale-1', 'attempt-1');
    expect(gate.giveBackQuietly).not.toHaveBeenCalled();
  });

  it.each([
    ['nothing was written', () => Promise.resolve(null)],
    ['the look-up fails too', () => Promise.reject(new Error('still down'))],
  ])('an unknown failure where %s: units back, BUSY', async (_case, lookUp) => {
    orders.place.mockRejectedValue(new Error('connection lost'));
    orders.findByAttemptId.mockImplementation(lookUp);
    await expect(place()).rejects.toThrow(BusyError);
    expect(gate.giveBackQuietly).toHaveBeenCalledWith(release);
  });

  it("a BUSY from MySQL's breaker reaches the caller as it is, after the units went back", async () => {
    const busy = new BusyError('MySQL is failing');
    orders.place.mockRejectedValue(busy);
    await expect(place()).rejects.toBe(busy);
    expect(gate.giveBackQuietly).toHaveBeenCalledWith(release);
  });
});
