import { type OrderPlacementQueue } from '../../../domain/ordering/order-placement-queue';
import { type OrderTickets } from '../../../domain/ordering/order-ticket';
import { BusyError } from '../../../domain/ordering/ordering.errors';
import { NOW, placeOrderOf } from '../ordering.spec-fakes';
import { type GateUnits } from './gate-units';
import { QueueWithTicketHandOver } from './queue-with-ticket.hand-over';

describe('QueueWithTicketHandOver', () => {
  let queue: { isSaturated: jest.Mock; enqueue: jest.Mock };
  let tickets: { open: jest.Mock };
  let gate: { giveBackQuietly: jest.Mock };
  let handOver: QueueWithTicketHandOver;
  const parts = [{ bucketNo: 0, units: 2 }];
  const place = () =>
    handOver.handOver(placeOrderOf({ quantity: 2, idempotencyKey: 'key-1' }), {
      attemptId: 'ticket-1',
      bucketNo: 0,
      parts,
    });

  beforeEach(() => {
    queue = {
      isSaturated: jest.fn().mockResolvedValue(false),
      enqueue: jest.fn().mockResolvedValue(undefined),
    };
    tickets = { open: jest.fn().mockResolvedValue(undefined) };
    gate = { giveBackQuietly: jest.fn().mockResolvedValue(undefined) };
    handOver = new QueueWithTicketHandOver(
      queue as unknown as OrderPlacementQueue,
      tickets as unknown as OrderTickets,
      gate as unknown as GateUnits,
    );
  });

  it('admits attempts while the queue has room', async () => {
    await expect(handOver.admit()).resolves.toBeUndefined();
  });

  it('refuses before the gate when the queue is full: BUSY, come back in 2 s', async () => {
    queue.isSaturated.mockResolvedValue(true);
    await expect(handOver.admit()).rejects.toMatchObject({ code: 'BUSY', retryAfterMs: 2000 });
  });

  it('opens the ticket, queues the job under the attempt id and answers the ticket', async () => {
    expect(await place()).toEqual({ outcome: 'queued', ticketId: 'ticket-1' });
    expect(tickets.open).toHaveBeenCalledWith({
      ticketId: 'ticket-1',
      userId: 'user-1',
      saleId: 'sale-1',
      quantity: 2,
      parts,
    });
    expect(queue.enqueue).toHaveBeenCalledWith({
      ticketId: 'ticket-1',
      saleId: 'sale-1',
      userId: 'user-1',
      quantity: 2,
      bucketNo: 0,
      parts,
      idempotencyKey: 'key-1',
      acceptedAt: NOW.toISOString(),
    });
    expect(gate.giveBackQuietly).not.toHaveBeenCalled();
  });

  it.each([
    ['the ticket cannot be opened', 'open'],
    ['the job cannot be queued', 'enqueue'],
  ])('%s: the units go back and the shopper hears BUSY', async (_case, failing) => {
    (failing === 'open' ? tickets.open : queue.enqueue).mockRejectedValue(new Error('redis down'));
    await expect(place()).rejects.toThrow(BusyError);
    expect(gate.giveBackQuietly).toHaveBeenCalledWith({
      saleId: 'sale-1',
      userId: 'user-1',
      quantity: 2,
      parts,
      attemptId: 'ticket-1',
    });
    if (failing === 'open') expect(queue.enqueue).not.toHaveBeenCalled();
  });
});
