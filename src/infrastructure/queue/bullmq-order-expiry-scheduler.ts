import { Injectable } from '@nestjs/common';
import { JobNames, QueueNames } from '../../config/queue-names';
import { type Order } from '../../domain/ordering/order';
import { OrderExpiryScheduler } from '../../domain/ordering/order-expiry-scheduler';
import { ProducerQueues } from './producer-queues';

/** The data of an `expire-orders` job; older `expire-order` jobs carry one `orderId`. */
export interface ExpireOrdersJob {
  orderIds: string[];
}

/** A delayed job per batch of orders, due at the latest expiresAt; the sweeper job catches any that never ran. */
@Injectable()
export class BullmqOrderExpiryScheduler extends OrderExpiryScheduler {
  constructor(private readonly queues: ProducerQueues) {
    super();
  }

  async scheduleAll(orders: Order[]): Promise<void> {
    if (orders.length === 0) return;
    const dueAt = Math.max(...orders.map((order) => order.props.expiresAt.getTime()));
    const orderIds = orders.map((order) => order.id);
    await this.queues
      .get(QueueNames.orderExpiry)
      .add(JobNames.expireOrders, { orderIds } satisfies ExpireOrdersJob, {
        jobId: `expire-${orderIds[0]}-${orderIds.length}`,
        delay: Math.max(0, dueAt - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      });
  }
}
