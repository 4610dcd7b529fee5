import { type BucketPart } from './order';

export type TicketStatus = 'queued' | 'succeeded' | 'failed';

/** An accepted attempt of an async sale, waiting for the worker to write its order. */
export interface OrderTicket {
  ticketId: string;
  userId: string;
  saleId: string;
  status: TicketStatus;
  /** The units the gate took for it, and where from: enough to give them back however its job ends. */
  quantity?: number;
  parts?: BucketPart[];
  orderId?: string;
  /** An error code (SOLD_OUT, LIMIT_EXCEEDED, BUSY) when it failed. */
  reason?: string;
  /** When it was opened (epoch ms): a ticket queued long after its job could have run is looked at. */
  openedAtMs?: number;
}

export type NewOrderTicket = Pick<OrderTicket, 'ticketId' | 'userId' | 'saleId'> & {
  quantity: number;
  parts: BucketPart[];
};

/** Port: where tickets are kept while they are polled. */
export abstract class OrderTickets {
  abstract open(ticket: NewOrderTicket): Promise<void>;
  abstract get(ticketId: string): Promise<OrderTicket | null>;
  abstract succeed(ticketId: string, orderId: string): Promise<void>;
  /**
   * Fails a ticket that is still queued, or whose record was lost (a Redis failover can drop the last writes):
   * it is written again, failed, for its owner. False when it had already ended (nothing changed).
   */
  abstract fail(
    ticket: Pick<OrderTicket, 'ticketId' | 'userId' | 'saleId'>,
    reason: string,
  ): Promise<boolean>;
}
