import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { type FlashSale } from '../../domain/catalog/flash-sale';
import { type NotificationDraft } from '../../domain/notification/notification';
import { NotificationQueue } from '../../domain/notification/notification.queue';
import { type Order } from '../../domain/ordering/order';
import { OrderExpiryScheduler } from '../../domain/ordering/order-expiry-scheduler';

interface Placed {
  order: Order;
  sale: FlashSale;
}

/**
 * What follows a new order, whichever strategy wrote it: its expiry is scheduled and the buyer is told.
 * Neither is awaited by the buyer: a failed schedule is caught by the expiry sweeper, a failed note is a note.
 *
 * The orders of one MySQL batch are answered in the same turn of the event loop; their effects are gathered
 * until the next turn and handed over together (one expiry job per sale, one notification job), instead of
 * two jobs per order, which cost the spike more than writing the orders did.
 */
@Injectable()
export class OrderPlacedEffects implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OrderPlacedEffects.name);
  private pending: Placed[] = [];
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly expiry: OrderExpiryScheduler,
    private readonly notifications: NotificationQueue,
  ) {}

  run(order: Order, sale: FlashSale): void {
    if (this.pending.length === 0) {
      setImmediate(() => {
        this.flushing = this.flush();
      });
    }
    this.pending.push({ order, sale });
  }

  /** Before the queues close: effects gathered in the last moments are handed over, not dropped. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flushing;
    await this.flush();
  }

  private async flush(): Promise<void> {
    const placed = this.pending;
    this.pending = [];
    if (placed.length === 0) return;
    await Promise.all([
      ...[...groupBySale(placed).values()].map((orders) =>
        this.expiry
          .scheduleAll(orders)
          .catch((error) => this.logger.warn(`Expiry not scheduled: ${String(error)}`)),
      ),
      this.notifications
        .enqueueAll(placed.map(orderPlacedNote))
        .catch((error) => this.logger.warn(`Order notifications not queued: ${String(error)}`)),
    ]);
  }
}

/** Orders of one sale share its payment timeout, so their expiries fall within moments of each other. */
function groupBySale(placed: Placed[]): Map<string, Order[]> {
  const bySale = new Map<string, Order[]>();
  for (const { order, sale } of placed) {
    const orders = bySale.get(sale.id);
    if (orders) orders.push(order);
    else bySale.set(sale.id, [order]);
  }
  return bySale;
}

function orderPlacedNote({ order, sale }: Placed): NotificationDraft {
  return {
    userId: order.props.userId,
    kind: 'order_placed',
    title: `Order placed: ${sale.props.title}`,
    body: `${order.props.quantity} × ${sale.props.title}. Pay before ${order.props.expiresAt.toISOString()}.`,
    data: { orderId: order.id, saleId: sale.id },
    dedupeKey: `order-placed-${order.id}`,
  };
}
