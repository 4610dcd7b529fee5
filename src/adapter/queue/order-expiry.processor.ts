import { InjectQueue, Processor } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { ExpireOrderCmd } from '../../app/ordering/executor/expire-order.cmd';
import { ExpireOrderCmdExe } from '../../app/ordering/executor/expire-order.cmd-exe';
import { RepairStockCmd } from '../../app/ordering/executor/repair-stock.cmd';
import { RepairStockCmdExe } from '../../app/ordering/executor/repair-stock.cmd-exe';
import { SweepOverdueOrdersCmd } from '../../app/ordering/executor/sweep-overdue-orders.cmd';
import { SweepOverdueOrdersCmdExe } from '../../app/ordering/executor/sweep-overdue-orders.cmd-exe';
import { AppConfig } from '../../config/app-config';
import { QueueNames } from '../../config/queue-names';
import { ensureRepeatingJob } from './job-schedulers';
import { LoggedWorkerHost } from './logged-worker-host';

const SWEEP_SCHEDULER = 'sweep-overdue-orders';
const REPAIR_SCHEDULER = 'repair-stock';

/**
 * Expires each unpaid order at its expiresAt, and sweeps for any whose job never ran. Also runs self-repair
 * (stranded attempts' units back, drift reported) on its own schedule.
 */
@Processor(QueueNames.orderExpiry, { concurrency: 4 })
export class OrderExpiryProcessor extends LoggedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly expire: ExpireOrderCmdExe,
    private readonly sweep: SweepOverdueOrdersCmdExe,
    private readonly repairStock: RepairStockCmdExe,
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
    await ensureRepeatingJob(
      this.queue,
      REPAIR_SCHEDULER,
      this.config.ordering.repairSeconds * 1000,
      'repair-stock',
    );
  }

  async process(job: Job<{ orderId?: string; orderIds?: string[] }>): Promise<void> {
    if (job.name === 'sweep') {
      await this.sweep.execute(new SweepOverdueOrdersCmd());
      return;
    }
    if (job.name === 'repair-stock') {
      await this.repairStock.execute(new RepairStockCmd());
      return;
    }
    // Each expiry decides on its own (a guarded status update), so a retried job changes nothing twice.
    const orderIds = job.data.orderIds ?? (job.data.orderId ? [job.data.orderId] : []);
    for (const orderId of orderIds) await this.expire.execute(new ExpireOrderCmd(orderId));
  }
}
