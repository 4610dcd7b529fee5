import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { QueueNames } from '../../config/queue-names';
import { OrderPlacementQueue, type QueuedOrder } from '../../domain/ordering/order-placement-queue';
import { KeyedBatches } from '../batching/keyed-batches';
import { ProducerQueues } from './producer-queues';

/** Waiting-job counts are read at most this often: the check must not cost every attempt a round trip. */
const DEPTH_CHECK_EVERY_MS = 200;

/** Jobs added in one `addBulk` at most (one MULTI of that many scripts). */
const ADD_BATCH_MAX = 200;

@Injectable()
export class BullmqOrderPlacementQueue extends OrderPlacementQueue {
  private depth = 0;
  private depthReadAt = 0;
  private depthRead: Promise<number> | undefined;
  /** The jobs of the attempts accepted in one turn of the event loop go in one `addBulk` (one round trip). */
  readonly additions: KeyedBatches<QueuedOrder, void>;

  constructor(
    private readonly queues: ProducerQueues,
    private readonly config: AppConfig,
  ) {
    super();
    this.additions = new KeyedBatches(ADD_BATCH_MAX, (_key, orders) => this.addAll(orders));
  }

  async enqueue(order: QueuedOrder): Promise<void> {
    await this.additions.submit('jobs', order);
    this.depth++;
  }

  /** BullMQ adds a bulk in one MULTI: all of its jobs are added, or none (each attempt then hears 503). */
  private async addAll(orders: QueuedOrder[]): Promise<void[]> {
    const { jobAttempts } = this.config.ordering;
    await this.queues.get(QueueNames.orderPlacement).addBulk(
      orders.map((order) => ({
        name: 'write-order',
        data: order,
        opts: {
          jobId: order.ticketId,
          attempts: jobAttempts,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: 5000,
          removeOnFail: 5000,
        },
      })),
    );
    return orders.map(() => undefined);
  }

  async mayStillRun(ticketId: string): Promise<boolean> {
    const job = await this.queues.get(QueueNames.orderPlacement).getJob(ticketId);
    if (!job) return false;
    const state = await job.getState();
    return !['completed', 'failed', 'unknown'].includes(state);
  }

  async isSaturated(): Promise<boolean> {
    if (Date.now() - this.depthReadAt > DEPTH_CHECK_EVERY_MS) {
      this.depthRead ??= this.queues
        .get(QueueNames.orderPlacement)
        .getWaitingCount()
        .then((count) => {
          this.depth = count;
          this.depthReadAt = Date.now();
          return count;
        })
        .finally(() => (this.depthRead = undefined));
      await this.depthRead;
    }
    return this.depth >= this.config.ordering.maxWaitingJobs;
  }

  async pending(): Promise<number> {
    const counts = await this.queues
      .get(QueueNames.orderPlacement)
      .getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((total, count) => total + count, 0);
  }
}
