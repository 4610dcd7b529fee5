import { Injectable } from '@nestjs/common';
import { QueueNames } from '../../config/queue-names';
import { SaleWarmUpScheduler } from '../../domain/catalog/sale-warm-up-scheduler';
import { ProducerQueues } from './producer-queues';

export interface WarmUpSaleJob {
  saleId: string;
}

/** BullMQ job ids may not contain ':'; one id per sale and start time makes scheduling idempotent. */
export function warmUpJobId(saleId: string, startsAt: Date): string {
  return `warm-up-${saleId}-${startsAt.getTime()}`;
}

/** A delayed job per sale and start time; the worker's periodic sweep catches any that never ran. */
@Injectable()
export class BullmqSaleWarmUpScheduler extends SaleWarmUpScheduler {
  constructor(private readonly queues: ProducerQueues) {
    super();
  }

  async schedule(saleId: string, startsAt: Date, delayMs: number, previousStartsAt?: Date): Promise<void> {
    if (previousStartsAt) await this.cancel(saleId, previousStartsAt);
    // Completed jobs are removed, so a sale scheduled again inside its lead window is warmed again.
    await this.queues.get(QueueNames.saleWarmUp).add('warm-up', { saleId } satisfies WarmUpSaleJob, {
      jobId: warmUpJobId(saleId, startsAt),
      delay: Math.max(0, delayMs),
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  async cancel(saleId: string, startsAt: Date): Promise<void> {
    await this.queues.get(QueueNames.saleWarmUp).remove(warmUpJobId(saleId, startsAt));
  }
}
