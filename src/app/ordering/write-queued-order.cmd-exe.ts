import { Injectable, Logger } from '@nestjs/common';
import { OrderTickets } from '../../domain/ordering/order-ticket';
import { type QueuedOrder } from '../../domain/ordering/order-placement-queue';
import { OrderRepository } from '../../domain/ordering/order.repository';
import { BuyerGoneError, LimitExceededError, SoldOutError } from '../../domain/ordering/ordering.errors';
import { SaleDirectory } from '../../domain/ordering/sale-directory';
import { StockGate } from '../../domain/ordering/stock-gate';
import { NotificationQueue } from '../../domain/notification/notification.queue';
import { DomainError } from '../../domain/shared/domain-error';
import { OrderPlacedEffects } from './order-placed-effects';
import { type WriteQueuedOrderCmd } from './write-queued-order.cmd';

/**
 * Runs in the worker for each accepted async attempt. MySQL refusing (sold out, over the limit) settles the
 * ticket at once; any other failure is thrown for the queue to retry with backoff, and only the last try gives
 * the units back and fails the ticket, so polling always ends. A retry after a crash that had committed finds
 * the order by its ticket id and succeeds without writing a second one.
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
    private readonly notifications: NotificationQueue,
  ) {}

  async execute(cmd: WriteQueuedOrderCmd): Promise<void> {
    const job = cmd.order;
    try {
      await this.write(job);
    } catch (error) {
      if (error instanceof BuyerGoneError) {
        // The account was deleted after the attempt was accepted: no retry can write it.
        await this.settleFailed(job, error, true);
        return;
      }
      if (error instanceof SoldOutError || error instanceof LimitExceededError) {
        // MySQL's word is final: no retry. Sold out means the gate over-counted: only the buyer's count returns.
        await this.settleFailed(job, error, error instanceof LimitExceededError);
        return;
      }
      if (!cmd.isLastTry) throw error;
      await this.settleFailed(job, new DomainError('BUSY', 'The order could not be written'), true);
    }
  }

  private async write(job: QueuedOrder): Promise<void> {
    const sale = await this.sales.get(job.saleId);
    if (!sale) throw new Error(`Sale ${job.saleId} of ticket ${job.ticketId} is gone`);
    const acceptedAt = new Date(job.acceptedAt);
    const order = await this.orders.place({
      saleId: job.saleId,
      userId: job.userId,
      bucketNo: job.bucketNo,
      quantity: job.quantity,
      unitPriceCents: sale.props.salePriceCents,
      perUserLimit: sale.props.perUserLimit,
      attemptId: job.ticketId,
      idempotencyKey: job.idempotencyKey,
      createdAt: acceptedAt,
      expiresAt: new Date(acceptedAt.getTime() + sale.props.paymentTimeoutSeconds * 1000),
    });
    await this.tickets.succeed(job.ticketId, order.id);
    this.placedEffects.run(order, sale);
  }

  private async settleFailed(job: QueuedOrder, error: DomainError, restock: boolean): Promise<void> {
    await this.gate.giveBack({
      saleId: job.saleId,
      userId: job.userId,
      quantity: job.quantity,
      bucketNo: job.bucketNo,
      restock,
    });
    await this.tickets.fail(job.ticketId, error.code);
    this.notifications
      .enqueue({
        userId: job.userId,
        kind: 'order_failed',
        title: 'Order failed',
        body: error.message,
        data: { ticketId: job.ticketId, saleId: job.saleId, reason: error.code },
        dedupeKey: `order-failed-${job.ticketId}`,
      })
      .catch((failure) => this.logger.warn(`Failure notification not queued: ${String(failure)}`));
  }
}
