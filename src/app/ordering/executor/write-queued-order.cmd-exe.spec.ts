import { type QueuedOrder } from '../../../domain/ordering/order-placement-queue';
import { type OrderTickets } from '../../../domain/ordering/order-ticket';
import {
  BuyerGoneError,
  IdempotencyKeyReusedError,
  LimitExceededError,
  SoldOutError,
} from '../../../domain/ordering/ordering.errors';
import { type OrderPlacedEffects } from '../order-placed-effects';
import { fakeGate, fakeOrders, NOW, orderOf, saleOf } from '../ordering.spec-fakes';
import { type TicketEndings } from '../ticket-endings';
import { WriteQueuedOrderCmd } from './write-queued-order.cmd';
import { WriteQueuedOrderCmdExe } from './write-queued-order.cmd-exe';

describe('WriteQueuedOrderCmdExe', () => {
  let sales: { get: jest.Mock };
  let orders: ReturnType<typeof fakeOrders>;
  let gate: ReturnType<typeof fakeGate>;
  let tickets: { succeed: jest.Mock };
  let effects: { run: jest.Mock };
  let endings: { fail: jest.Mock };
  let exe: WriteQueuedOrderCmdExe;
  const sale = saleOf({ strategy: 'async' });
  const job: QueuedOrder = {
    ticketId: 'ticket-1',
    saleId: 'sale-1',
    userId: 'user-1',
    quantity: 2,
    bucketNo: 0,
    parts: [{ bucketNo: 0, units: 2 }],
    idempotencyKey: 'key-1',
    acceptedAt: NOW.toISOString(),
  };
  const attempt = {
    ticketId: 'ticket-1',
    saleId: 'sale-1',
    userId: 'user-1',
    quantity: 2,
    parts: [{ bucketNo: 0, units: 2 }],
  };
  const write = (isLastTry = false, order = job) => exe.execute(new WriteQueuedOrderCmd(order, isLastTry));

  beforeEach(() => {
    sales = { get: jest.fn().mockResolvedValue(sale) };
    orders = fakeOrders();
    gate = fakeGate();
    tickets = { succeed: jest.fn().mockResolvedValue(undefined) };
    effects = { run: jest.fn() };
    endings = { fail: jest.fn().mockResolvedValue(true) };
    exe = new WriteQueuedOrderCmdExe(
      sales,
      orders,
      gate,
      tickets as unknown as OrderTickets,
      effects as unknown as OrderPlacedEffects,
      endings as unknown as TicketEndings,
    );
  });

  it('written: the order carries the ticket id and the accept time; the ticket succeeds, the gate settles', async () => {
    const order = orderOf({ attemptId: 'ticket-1', quantity: 2 });
    orders.place.mockResolvedValue(order);
    await write();
    expect(orders.place).toHaveBeenCalledWith({
      saleId: 'sale-1',
      userId: 'user-1',
      bucketNo: 0,
      parts: job.parts,
      quantity: 2,
      unitPriceCents: 500,
      perUserLimit: 2,
      attemptId: 'ticket-1',
      idempotencyKey: 'key-1',
      createdAt: NOW,
      expiresAt: new Date(NOW.getTime() + 900_000),
    });
    expect(tickets.succeed).toHaveBeenCalledWith('ticket-1', order.id);
    expect(gate.settle).toHaveBeenCalledWith('sale-1', 'ticket-1');
    expect(effects.run).toHaveBeenCalledWith(order, sale);
    expect(gate.giveBack).not.toHaveBeenCalled();
    expect(endings.fail).not.toHaveBeenCalled();
  });

  it('an old job without parts takes its units from its one bucket', async () => {
    orders.place.mockResolvedValue(orderOf({ attemptId: 'ticket-1', quantity: 2 }));
    await write(false, { ...job, parts: undefined, bucketNo: 3 });
    expect(orders.place.mock.calls[0][0].parts).toEqual([{ bucketNo: 3, units: 2 }]);
  });

  it('a gate that cannot settle does not fail a written order', async () => {
    orders.place.mockResolvedValue(orderOf({ attemptId: 'ticket-1', quantity: 2 }));
    gate.settle.mockRejectedValue(new Error('redis down'));
    await expect(write()).resolves.toBeUndefined();
    expect(tickets.succeed).toHaveBeenCalled();
  });

  it("already written under the same Idempotency-Key and request: that order answers, this attempt's units go back", async () => {
    const earlier = orderOf({ id: 'order-0', attemptId: 'earlier', quantity: 2 });
    orders.place.mockResolvedValue(earlier);
    await write();
    expect(gate.giveBack).toHaveBeenCalledWith({
      saleId: 'sale-1',
      userId: 'user-1',
      quantity: 2,
      parts: job.parts,
      attemptId: 'ticket-1',
    });
    expect(tickets.succeed).toHaveBeenCalledWith('ticket-1', 'order-0');
    expect(effects.run).not.toHaveBeenCalled();
  });

  it('the key answered another request: the ticket fails (400) with the units back', async () => {
    orders.place.mockResolvedValue(orderOf({ attemptId: 'earlier', quantity: 1 }));
    await write();
    expect(endings.fail).toHaveBeenCalledWith(attempt, expect.any(IdempotencyKeyReusedError), true);
    expect(tickets.succeed).not.toHaveBeenCalled();
  });

  it("refused sold out by MySQL: the ticket fails at once, only the buyer's count goes back", async () => {
    const soldOut = new SoldOutError();
    orders.place.mockRejectedValue(soldOut);
    await write();
    expect(endings.fail).toHaveBeenCalledWith(attempt, soldOut, false);
  });

  it('refused over the limit by MySQL: the ticket fails at once, the units go back', async () => {
    const limit = new LimitExceededError(2);
    orders.place.mockRejectedValue(limit);
    await write();
    expect(endings.fail).toHaveBeenCalledWith(attempt, limit, true);
  });

  it('a deleted buyer: no retry can write it, the ticket fails with the units back', async () => {
    const gone = new BuyerGoneError();
    orders.place.mockRejectedValue(gone);
    await write();
    expect(endings.fail).toHaveBeenCalledWith(attempt, gone, true);
  });

  it.each([
    ['MySQL fails', () => orders.place.mockRejectedValue(new Error('connection lost'))],
    ['the sale is gone', () => sales.get.mockResolvedValue(null)],
  ])(
    '%s before the last try: thrown for the queue to retry, the ticket stays open',
    async (_case, arrange) => {
      arrange();
      await expect(write(false)).rejects.toThrow();
      expect(endings.fail).not.toHaveBeenCalled();
    },
  );

  it('MySQL fails on the last try: the ticket fails BUSY with the units back, so polling ends', async () => {
    orders.place.mockRejectedValue(new Error('connection lost'));
    await expect(write(true)).resolves.toBeUndefined();
    expect(endings.fail).toHaveBeenCalledWith(attempt, expect.objectContaining({ code: 'BUSY' }), true);
  });
});
