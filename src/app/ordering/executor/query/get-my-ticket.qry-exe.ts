import { Injectable } from '@nestjs/common';
import { type OrderTicket, OrderTickets } from '../../../../domain/ordering/order-ticket';
import { OrderRepository } from '../../../../domain/ordering/order.repository';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { type GetMyTicketQry } from './get-my-ticket.qry';

/** A ticket, for its owner only. A ticket Redis forgot is still answered from the order MySQL holds. */
@Injectable()
export class GetMyTicketQryExe {
  constructor(
    private readonly tickets: OrderTickets,
    private readonly orders: OrderRepository,
  ) {}

  async execute(qry: GetMyTicketQry): Promise<OrderTicket> {
    const ticket = await this.tickets.get(qry.ticketId);
    if (ticket) {
      if (ticket.userId !== qry.userId) throw new NotFoundError('The ticket');
      return ticket;
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
}
