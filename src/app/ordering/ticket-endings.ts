import { Injectable, Logger } from '@nestjs/common';
import { NotificationQueue } from '../../domain/notification/notification.queue';
import { type BucketPart } from '../../domain/ordering/order';
import { OrderTickets } from '../../domain/ordering/order-ticket';
import { OrderRepository } from '../../domain/ordering/order.repository';
import { StockGate } from '../../domain/ordering/stock-gate';
import { type DomainError } from '../../domain/shared/domain-error';

/** The attempt behind a ticket: what the gate took, and where from. */
export interface TicketAttempt {
  ticketId: string;
  saleId: string;
  userId: string;
  quantity: number;
  parts: BucketPart[];
}

/**
 * How an async attempt's ticket ends when no order was written for it. Shared by the job's own last try, the
 * queue's endings the job never saw (stalled too often, removed) and self-repair. The units go back at most
 * once: the gate gives them back only while the attempt is still in its in-flight list.
 */
@Injectable()
export class TicketEndings {
  private readonly logger = new Logger(TicketEndings.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly gate: StockGate,
    private readonly tickets: OrderTickets,
    private readonly notifications: NotificationQueue,
  ) {}

  /**
   * Ends the ticket of an attempt whose job will not run again: with its order when one was written, else
   * failed with its units back. Returns what happened, for self-repair's count.
   */
  async endWithoutJob(attempt: TicketAttempt, reason: string): Promise<'succeeded' | 'failed' | 'none'> {
    const written = await this.orders.findByAttemptId(attempt.ticketId);
    if (written) {
      await this.tickets.succeed(attempt.ticketId, written.id);
      await this.gate.settle(attempt.saleId, attempt.ticketId);
      return 'succeeded';
    }
    const moved = await this.fail(attempt, { code: 'BUSY', message: reason }, true);
    return moved ? 'failed' : 'none';
  }

  /**
   * The ticket fails and the units go back (`restock` false: only the buyer's count, when MySQL proved the
   * gate over-counted). True when the units moved now (not before).
   */
  async fail(
    attempt: TicketAttempt,
    error: Pick<DomainError, 'code' | 'message'>,
    restock: boolean,
  ): Promise<boolean> {
    const moved = await this.gate.giveBack({
      saleId: attempt.saleId,
      userId: attempt.userId,
      quantity: attempt.quantity,
      parts: attempt.parts,
      attemptId: attempt.ticketId,
      restock,
    });
    const failedNow = await this.tickets.fail(
      { ticketId: attempt.ticketId, userId: attempt.userId, saleId: attempt.saleId },
      error.code,
    );
    if (failedNow) {
      this.notifications
        .enqueue({
          userId: attempt.userId,
          kind: 'order_failed',
          title: 'Order failed',
          body: error.message,
          data: { ticketId: attempt.ticketId, saleId: attempt.saleId, reason: error.code },
          dedupeKey: `order-failed-${attempt.ticketId}`,
        })
        .catch((failure) => this.logger.warn(`Failure notification not queued: ${String(failure)}`));
    }
    return moved;
  }
}
