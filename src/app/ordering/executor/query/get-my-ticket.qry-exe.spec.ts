import { type OrderTicket, type OrderTickets } from '../../../../domain/ordering/order-ticket';
import { type OrderRepository } from '../../../../domain/ordering/order.repository';
import { type Clock } from '../../../../domain/shared/clock';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { type EndOrderTicketCmd } from '../end-order-ticket.cmd';
import { type EndOrderTicketCmdExe } from '../end-order-ticket.cmd-exe';
import { GetMyTicketQry } from './get-my-ticket.qry';
import { GetMyTicketQryExe } from './get-my-ticket.qry-exe';
import { type OrderingSettings } from '../../ordering-settings';

describe('GetMyTicketQryExe', () => {
  const now = new Date('2026-12-02T06:00:00Z');
  const strandedAfterMs = 60_000;
  let stored: OrderTicket | null;
  let ended: EndOrderTicketCmd[];
  let ending: 'succeeded' | 'failed' | 'none';

  const tickets = { get: () => Promise.resolve(stored && { ...stored }) } as unknown as OrderTickets;
  const orders = { findByAttemptId: () => Promise.resolve(null) } as unknown as OrderRepository;
  const endTicket = {
    execute: (cmd: EndOrderTicketCmd) => {
      ended.push(cmd);
      if (ending !== 'none' && stored) stored = { ...stored, status: ending };
      return Promise.resolve(ending);
    },
  } as unknown as EndOrderTicketCmdExe;
  const settings = { maxInFlight: 10, strandedAfterMs } as OrderingSettings;
  const clock: Clock = { now: () => now };
  const exe = new GetMyTicketQryExe(tickets, orders, endTicket, settings, clock);

  const queued = (ageMs: number | undefined): OrderTicket => ({
    ticketId: 't1',
    userId: 'u1',
    saleId: 's1',
    status: 'queued',
    quantity: 1,
    parts: [{ bucketNo: 0, units: 1 }],
    ...(ageMs === undefined ? {} : { openedAtMs: now.getTime() - ageMs }),
  });

  beforeEach(() => {
    ended = [];
    ending = 'failed';
  });

  it('answers a queued ticket as it is while its job may still come', async () => {
    stored = queued(strandedAfterMs - 1);
    expect(await exe.execute(new GetMyTicketQry('t1', 'u1'))).toMatchObject({ status: 'queued' });
    expect(ended).toEqual([]);
  });

  it('leaves alone a ticket that does not say when it was opened', async () => {
    stored = queued(undefined);
    expect((await exe.execute(new GetMyTicketQry('t1', 'u1'))).status).toBe('queued');
    expect(ended).toEqual([]);
  });

  it('ends an overdue ticket whose job cannot run again, and answers how it ended', async () => {
    stored = queued(strandedAfterMs + 1);
    expect(await exe.execute(new GetMyTicketQry('t1', 'u1'))).toMatchObject({ status: 'failed' });
    expect(ended.map((cmd) => cmd.ticketId)).toEqual(['t1']);
  });

  it('keeps an overdue ticket queued when its job may still run', async () => {
    ending = 'none';
    stored = queued(strandedAfterMs + 1);
    expect((await exe.execute(new GetMyTicketQry('t1', 'u1'))).status).toBe('queued');
    expect(ended).toHaveLength(1);
  });

  it("never ends, nor shows, another shopper's ticket", async () => {
    stored = queued(strandedAfterMs + 1);
    await expect(exe.execute(new GetMyTicketQry('t1', 'u2'))).rejects.toThrow(NotFoundError);
    expect(ended).toEqual([]);
  });

  it('does not look again at a ticket that already ended', async () => {
    stored = { ...queued(strandedAfterMs + 1), status: 'succeeded', orderId: 'o1' };
    expect(await exe.execute(new GetMyTicketQry('t1', 'u1'))).toMatchObject({ orderId: 'o1' });
    expect(ended).toEqual([]);
  });
});
