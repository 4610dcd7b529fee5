import { Injectable } from '@nestjs/common';
import { type OrderTicket, OrderTickets } from '../../../../domain/ordering/order-ticket';
import { OrderRepository } from '../../../../domain/ordering/order.repository';
import { Clock } from '../../../../domain/shared/clock';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { EndOrderTicketCmd } from '../end-order-ticket.cmd';
import { EndOrderTicketCmdExe } from '../end-order-ticket.cmd-exe';
import { type GetMyTicketQry } from './get-my-ticket.qry';
import { OrderingSettings } from '../../ordering-settings';

/**
 * A ticket, for its owner only. A ticket Redis forgot is still answered from the order MySQL holds. A ticket
 * still queued after `strandedAfterMs` is repaired on read: if its job cannot run again (a Redis failover can
 * lose a job that was just added, with the gate's in-flight entry that self-repair walks), it ends now, with
 * its order when one was written, else failed with its units back (at most once: see TicketEndings).
 */
@Injectable()
export class GetMyTicketQryExe {
  constructor(
    private readonly tickets: OrderTickets,
    private readonly orders: OrderRepository,
    private readonly endTicket: EndOrderTicketCmdExe,
    private readonly settings: OrderingSettings,
    private readonly clock: Clock,
  ) {}

  async execute(qry: GetMyTicketQry): Promise<OrderTicket> {
    const ticket = await this.tickets.get(qry.ticketId);
    if (ticket) {
      if (ticket.userId !== qry.userId) throw new NotFoundError('The ticket');
      if (!this.overdue(ticket)) return ticket;
      const ended = await this.endTicket.execute(new EndOrderTicketCmd(ticket.ticketId, 'its job was lost'));
      return ended === 'none' ? ticket : ((await this.tickets.get(qry.ticketId)) ?? ticket);
    }
    const order = await this.orders.findByAttemptId(qry.ticketId);
    if (!order || order.props.userId !== qry.userId) throw new NotFoundError('The ticket');
    return {
      ticketId: qry.ticketId,
      userId: order.props.userId,
      saleId: order.props.saleId,
      status: 'succeeded',
      orderId: order.id,
    };
  }

  private overdue(ticket: OrderTicket): boolean {
    if (ticket.status !== 'queued' || ticket.openedAtMs === undefined) return false;
    return this.clock.now().getTime() - ticket.openedAtMs > this.settings.strandedAfterMs;
  }
}
