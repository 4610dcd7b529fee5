import { Injectable, Logger } from '@nestjs/common';
import { type Order } from '../../../domain/ordering/order';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import { NotificationQueue } from '../../../domain/notification/notification.queue';
import { Clock } from '../../../domain/shared/clock';
import { type ExpireOrderCmd } from './expire-order.cmd';
import { OrderReleaser } from '../order-releaser';

/** Runs in the worker at an order's expiresAt: an unpaid order expires and its units go back on sale. */
@Injectable()
export class ExpireOrderCmdExe {
  private readonly logger = new Logger(ExpireOrderCmdExe.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly releaser: OrderReleaser,
    private readonly notifications: NotificationQueue,
    private readonly clock: Clock,
  ) {}

  /** Returns the expired order, or null when there was nothing to do (paid, cancelled, not due yet). */
  async execute(cmd: ExpireOrderCmd): Promise<Order | null> {
    const expired = await this.orders.close(cmd.orderId, 'expired', this.clock.now());
    if (!expired) return null;
    await this.releaser.release(expired);
    this.notifications
      .enqueue({
        userId: expired.props.userId,
        kind: 'order_expired',
        title: 'Order expired',
        body: `Order ${expired.id} was not paid in time; its units went back on sale.`,
        data: { orderId: expired.id, saleId: expired.props.saleId },
        dedupeKey: `order-expired-${expired.id}`,
      })
      .catch((error) => this.logger.warn(`Expiry notification not queued: ${String(error)}`));
    return expired;
  }
}
