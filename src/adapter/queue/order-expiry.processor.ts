import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { ExpireOrderCmd } from '../../app/ordering/expire-order.cmd';
import { ExpireOrderCmdExe } from '../../app/ordering/expire-order.cmd-exe';
import { SweepOverdueOrdersCmd } from '../../app/ordering/sweep-overdue-orders.cmd';
import { SweepOverdueOrdersCmdExe } from '../../app/ordering/sweep-overdue-orders.cmd-exe';
import { AppConfig } from '../../config/app-config';
import { QueueNames } from '../../config/queue-names';

const SWEEP_SCHEDULER = 'sweep-overdue-orders';

/** Expires each unpaid order at its expiresAt, and sweeps for any whose job never ran. */
@Processor(QueueNames.orderExpiry, { concurrency: 4 })
export class OrderExpiryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly expire: ExpireOrderCmdExe,
    private readonly sweep: SweepOverdueOrdersCmdExe,
    private readonly config: AppConfig,
    @InjectQueue(QueueNames.orderExpiry) private readonly queue: Queue,
  ) {
    super();
  }

  /**
   * One scheduler for the whole fleet. Upserting replaces the next scheduled job, which would pull it from under
   * a worker that is running it, so a schedule that is already right is left alone.
   */
  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.ordering.expirySweepSeconds * 1000;
    const existing = await this.queue.getJobScheduler(SWEEP_SCHEDULER);
    if (existing && Number(existing.every) === every) return;
    await this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER,
      { every },
      { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async process(job: Job<{ orderId?: string }>): Promise<void> {
    if (job.name === 'sweep') {
      await this.sweep.execute(new SweepOverdueOrdersCmd());
      return;
    }
    if (job.data.orderId) await this.expire.execute(new ExpireOrderCmd(job.data.orderId));
  }
}
