import { Injectable } from '@nestjs/common';
import { QueueNames } from '../../config/queue-names';
import { type Order } from '../../domain/ordering/order';
import { OrderExpiryScheduler } from '../../domain/ordering/order-expiry-scheduler';
import { ProducerQueues } from './producer-queues';

export interface ExpireOrderJob {
  orderId: string;
}

/** A delayed job per order, due at its expiresAt; the sweeper job catches any that never ran. */
@Injectable()
export class BullmqOrderExpiryScheduler extends OrderExpiryScheduler {
  constructor(private readonly queues: ProducerQueues) {
    super();
  }

  async schedule(order: Order): Promise<void> {
    const delay = Math.max(0, order.props.expiresAt.getTime() - Date.now());
    await this.queues
      .get(QueueNames.orderExpiry)
      .add('expire-order', { orderId: order.id } satisfies ExpireOrderJob, {
        jobId: `expire-${order.id}`,
        delay,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      });
  }
}
