import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { ExpireOrderCmd } from '../../app/ordering/expire-order.cmd';
import { ExpireOrderCmdExe } from '../../app/ordering/expire-order.cmd-exe';
import { SweepOverdueOrdersCmd } from '../../app/ordering/sweep-overdue-orders.cmd';
import { SweepOverdueOrdersCmdExe } from '../../app/ordering/sweep-overdue-orders.cmd-exe';
import { AppConfig } from '../../config/app-config';
import { QueueNames } from '../../config/queue-names';
import { ensureRepeatingJob } from './job-schedulers';

const SWEEP_SCHEDULER = 'sweep-overdue-orders';

/** Expires each unpaid order at its expiresAt, and sweeps for any whose job never ran. */
@Processor(QueueNames.orderExpiry, { concurrency: 4 })
export class OrderExpiryProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrderExpiryProcessor.name);

  constructor(
    private readonly expire: ExpireOrderCmdExe,
    private readonly sweep: SweepOverdueOrdersCmdExe,
    private readonly config: AppConfig,
    @InjectQueue(QueueNames.orderExpiry) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureRepeatingJob(
      this.queue,
      SWEEP_SCHEDULER,
      this.config.ordering.expirySweepSeconds * 1000,
      'sweep',
    );
  }

  async process(job: Job<{ orderId?: string; orderIds?: string[] }>): Promise<void> {
    if (job.name === 'sweep') {
      await this.sweep.execute(new SweepOverdueOrdersCmd());
      return;
    }
    // Each expiry decides on its own (a guarded status update), so a retried job changes nothing twice.
    const orderIds = job.data.orderIds ?? (job.data.orderId ? [job.data.orderId] : []);
    for (const orderId of orderIds) await this.expire.execute(new ExpireOrderCmd(orderId));
  }

  /**
   * Connection trouble of the worker itself, or a sweep job pulled from under it when another instance
   * re-schedules the sweep ("Missing key for job"): logged, never an unhandled event.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`Order expiry worker: ${error.message}`);
  }
}
