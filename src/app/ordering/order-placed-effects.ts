import { Injectable, Logger } from '@nestjs/common';
import { type FlashSale } from '../../domain/catalog/flash-sale';
import { type Order } from '../../domain/ordering/order';
import { OrderExpiryScheduler } from '../../domain/ordering/order-expiry-scheduler';
import { NotificationQueue } from '../../domain/notification/notification.queue';

/**
 * What follows a new order, whichever strategy wrote it: its expiry is scheduled and the buyer is told.
 * Neither is awaited by the buyer: a failed schedule is caught by the expiry sweeper, a failed note is a note.
 */
@Injectable()
export class OrderPlacedEffects {
  private readonly logger = new Logger(OrderPlacedEffects.name);

  constructor(
    private readonly expiry: OrderExpiryScheduler,
    private readonly notifications: NotificationQueue,
  ) {}

  run(order: Order, sale: FlashSale): void {
    this.expiry.schedule(order).catch((error) => this.logger.warn(`Expiry not scheduled: ${String(error)}`));
    this.notifications
      .enqueue({
        userId: order.props.userId,
        kind: 'order_placed',
        title: `Order placed: ${sale.props.title}`,
        body: `${order.props.quantity} × ${sale.props.title}. Pay before ${order.props.expiresAt.toISOString()}.`,
        data: { orderId: order.id, saleId: sale.id },
        dedupeKey: `order-placed-${order.id}`,
      })
      .catch((error) => this.logger.warn(`Order notification not queued: ${String(error)}`));
  }
}
