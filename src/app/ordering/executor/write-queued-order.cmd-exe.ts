import { Injectable, Logger } from '@nestjs/common';
import { OrderTickets } from '../../../domain/ordering/order-ticket';
import { type QueuedOrder } from '../../../domain/ordering/order-placement-queue';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import {
  BuyerGoneError,
  IdempotencyKeyReusedError,
  LimitExceededError,
  SoldOutError,
} from '../../../domain/ordering/ordering.errors';
import { SaleDirectory } from '../../../domain/ordering/sale-directory';
import { StockGate } from '../../../domain/ordering/stock-gate';
import { DomainError } from '../../../domain/shared/domain-error';
import { OrderPlacedEffects } from '../order-placed-effects';
import { type TicketAttempt, TicketEndings } from '../ticket-endings';
import { type WriteQueuedOrderCmd } from './write-queued-order.cmd';

/**
 * Runs in the worker for each accepted async attempt. MySQL refusing (sold out, over the limit) settles the
 * ticket at once; any other failure is thrown for the queue to retry with backoff, and only the last try gives
 * the units back and fails the ticket, so polling always ends. A retry after a crash that had committed finds
 * the order by its ticket id and succeeds without writing a second one. A job that ends without reaching its
 * last try (stalled too often, removed) is ended by TicketEndings from the queue's events or by self-repair.
 */
@Injectable()
export class WriteQueuedOrderCmdExe {
  private readonly logger = new Logger(WriteQueuedOrderCmdExe.name);

  constructor(
    private readonly sales: SaleDirectory,
    private readonly orders: OrderRepository,
    private readonly gate: StockGate,
    private readonly tickets: OrderTickets,
    private readonly placedEffects: OrderPlacedEffects,
    private readonly endings: TicketEndings,
  ) {}

  async execute(cmd: WriteQueuedOrderCmd): Promise<void> {
    const job = cmd.order;
    try {
      await this.write(job);
    } catch (error) {
      if (error instanceof BuyerGoneError) {
        // The account was deleted after the attempt was accepted: no retry can write it.
        await this.endings.fail(attemptOf(job), error, true);
        return;
      }
      if (error instanceof SoldOutError || error instanceof LimitExceededError) {
        // MySQL's word is final: no retry. Sold out means the gate over-counted: only the buyer's count returns.
        await this.endings.fail(attemptOf(job), error, error instanceof LimitExceededError);
        return;
      }
      if (!cmd.isLastTry) throw error;
      await this.endings.fail(
        attemptOf(job),
        new DomainError('BUSY', 'The order could not be written'),
        true,
      );
    }
  }

  private async write(job: QueuedOrder): Promise<void> {
    const sale = await this.sales.get(job.saleId);
    if (!sale) throw new Error(`Sale ${job.saleId} of ticket ${job.ticketId} is gone`);
    const acceptedAt = new Date(job.acceptedAt);
    const attempt = attemptOf(job);
    const order = await this.orders.place({
      saleId: job.saleId,
      userId: job.userId,
      bucketNo: job.bucketNo,
      parts: attempt.parts,
      quantity: job.quantity,
      unitPriceCents: sale.props.salePriceCents,
      perUserLimit: sale.props.perUserLimit,
      attemptId: job.ticketId,
      idempotencyKey: job.idempotencyKey,
      createdAt: acceptedAt,
      expiresAt: new Date(acceptedAt.getTime() + sale.props.paymentTimeoutSeconds * 1000),
    });
    if (order.props.attemptId !== job.ticketId) {
      // The Idempotency-Key answered an earlier order: this attempt's units were never taken in MySQL. The key
      // answers only the request it was first used for.
      const sameRequest = order.props.saleId === job.saleId && order.props.quantity === job.quantity;
      if (sameRequest) {
        await this.gate.giveBack({ ...attemptGiveBack(attempt) });
        await this.tickets.succeed(job.ticketId, order.id);
      } else {
        await this.endings.fail(attempt, new IdempotencyKeyReusedError(), true);
      }
      return;
    }
    await this.tickets.succeed(job.ticketId, order.id);
    await this.gate
      .settle(job.saleId, job.ticketId)
      .catch((error) => this.logger.warn(`Ticket ${job.ticketId} not settled in the gate: ${String(error)}`));
    this.placedEffects.run(order, sale);
  }
}

function attemptOf(job: QueuedOrder): TicketAttempt {
  return {
    ticketId: job.ticketId,
    saleId: job.saleId,
    userId: job.userId,
    quantity: job.quantity,
    parts: job.parts ?? [{ bucketNo: job.bucketNo, units: job.quantity }],
  };
}

function attemptGiveBack(attempt: TicketAttempt) {
  return {
    saleId: attempt.saleId,
    userId: attempt.userId,
    quantity: attempt.quantity,
    parts: attempt.parts,
    attemptId: attempt.ticketId,
  };
}
