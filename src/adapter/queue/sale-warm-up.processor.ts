import { InjectQueue, Processor } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Queue } from 'bullmq';
import { SweepSaleWarmUpsCmd } from '../../app/catalog/executor/sweep-sale-warm-ups.cmd';
import { SweepSaleWarmUpsCmdExe } from '../../app/catalog/executor/sweep-sale-warm-ups.cmd-exe';
import { WarmUpSaleCmd } from '../../app/catalog/executor/warm-up-sale.cmd';
import { WarmUpSaleCmdExe } from '../../app/catalog/executor/warm-up-sale.cmd-exe';
import { AppConfig } from '../../config/app-config';
import { QueueNames } from '../../config/queue-names';
import { ensureRepeatingJob } from './job-schedulers';
import { SaleAlreadyEndedError, SaleNotFoundError } from '../../domain/catalog/catalog.errors';
import { LoggedWorkerHost } from './logged-worker-host';

const SWEEP_SCHEDULER = 'sweep-sale-warm-ups';
/** A warm-up that takes longer than this (MySQL or Redis hanging) fails and is retried. */
const WARM_UP_LIMIT_MS = 30_000;

/** Warms each sale's gate a lead time before its start, and sweeps for sales whose warm-up never ran. */
@Processor(QueueNames.saleWarmUp, { concurrency: 2 })
export class SaleWarmUpProcessor extends LoggedWorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly warmUp: WarmUpSaleCmdExe,
    private readonly sweep: SweepSaleWarmUpsCmdExe,
    private readonly config: AppConfig,
    @InjectQueue(QueueNames.saleWarmUp) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureRepeatingJob(
      this.queue,
      SWEEP_SCHEDULER,
      this.config.catalog.warmUp.sweepSeconds * 1000,
      'sweep',
    );
  }

  async process(job: Job<{ saleId?: string }>): Promise<void> {
    if (job.name === 'sweep') {
      // A sweep never outlives its period: the next one starts afresh, and a stuck one cannot hold up shutdown.
      const periodMs = this.config.catalog.warmUp.sweepSeconds * 1000;
      await bounded(
        this.sweep.execute(new SweepSaleWarmUpsCmd()),
        Math.max(5000, periodMs),
        'The warm-up sweep',
      );
      return;
    }
    if (!job.data.saleId) return;
    try {
      await bounded(this.warmUp.execute(new WarmUpSaleCmd(job.data.saleId)), WARM_UP_LIMIT_MS, 'The warm-up');
    } catch (error) {
      // Deleted or over since the job was scheduled: nothing to warm. Anything else is retried.
      if (error instanceof SaleNotFoundError || error instanceof SaleAlreadyEndedError) return;
      throw error;
    }
  }
}

async function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
