export type TicketStatus = 'queued' | 'succeeded' | 'failed';

/** An accepted attempt of an async sale, waiting for the worker to write its order. */
export interface OrderTicket {
  ticketId: string;
  userId: string;
  saleId: string;
  status: TicketStatus;
  orderId?: string;
  /** An error code (SOLD_OUT, LIMIT_EXCEEDED, BUSY) when it failed. */
  reason?: string;
}

/** Port: where tickets are kept while they are polled. */
export abstract class OrderTickets {
  abstract open(ticket: Pick<OrderTicket, 'ticketId' | 'userId' | 'saleId'>): Promise<void>;
  abstract get(ticketId: string): Promise<OrderTicket | null>;
  abstract succeed(ticketId: string, orderId: string): Promise<void>;
  abstract fail(ticketId: string, reason: string): Promise<void>;
}
