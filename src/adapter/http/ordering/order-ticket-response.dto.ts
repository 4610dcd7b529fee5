import { type OrderTicket, type TicketStatus } from '../../../domain/ordering/order-ticket';

export class OrderTicketStatusResponseDto {
  ticketId!: string;
  status!: TicketStatus;
  /** Set once the order is written. */
  orderId?: string;
  /** Set when it failed: SOLD_OUT, LIMIT_EXCEEDED or BUSY. */
  reason?: string;

  static from(ticket: OrderTicket): OrderTicketStatusResponseDto {
    return Object.assign(new OrderTicketStatusResponseDto(), {
      ticketId: ticket.ticketId,
      status: ticket.status,
      ...(ticket.orderId ? { orderId: ticket.orderId } : {}),
      ...(ticket.reason ? { reason: ticket.reason } : {}),
    });
  }
}
