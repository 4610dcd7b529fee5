import { Injectable } from '@nestjs/common';
import { OrderPlacementQueue } from '../../../domain/ordering/order-placement-queue';
import { OrderTickets } from '../../../domain/ordering/order-ticket';
import { type EndOrderTicketCmd } from './end-order-ticket.cmd';
import { TicketEndings } from '../ticket-endings';

/**
 * A job of the order queue ended (failed, stalled more often than allowed, removed): if its ticket is still
 * queued and the job cannot run again, the ticket ends, with the order when one was written, else failed with
 * its units and the buyer's count given back (once: see TicketEndings). Safe to call for any job, any time.
 */
@Injectable()
export class EndOrderTicketCmdExe {
  constructor(
    private readonly tickets: OrderTickets,
    private readonly queue: OrderPlacementQueue,
    private readonly endings: TicketEndings,
  ) {}

  async execute(cmd: EndOrderTicketCmd): Promise<'succeeded' | 'failed' | 'none'> {
    const ticket = await this.tickets.get(cmd.ticketId);
    if (!ticket || ticket.status !== 'queued' || !ticket.quantity || !ticket.parts) return 'none';
    if (await this.queue.mayStillRun(cmd.ticketId)) return 'none';
    return this.endings.endWithoutJob(
      {
        ticketId: ticket.ticketId,
        saleId: ticket.saleId,
        userId: ticket.userId,
        quantity: ticket.quantity,
        parts: ticket.parts,
      },
      `The order could not be written (${cmd.reason})`,
    );
  }
}
