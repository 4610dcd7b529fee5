import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { WriteQueuedOrderCmd } from '../../app/ordering/write-queued-order.cmd';
import { WriteQueuedOrderCmdExe } from '../../app/ordering/write-queued-order.cmd-exe';
import { AppConfig } from '../../config/app-config';
import { QueueNames } from '../../config/queue-names';
import { queueConnection, queuePrefix } from '../../config/redis-url';
import { type QueuedOrder } from '../../domain/ordering/order-placement-queue';

/**
 * Writes async sales' orders. Built by hand rather than with @Processor because its concurrency and lock
 * time come from configuration: a killed worker's job is taken over once its lock lapses (ORDER_JOB_LOCK_MS).
 */
@Injectable()
export class OrderPlacementWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrderPlacementWorker.name);
  private worker: Worker<QueuedOrder> | undefined;
  private connection: ReturnType<typeof queueConnection> | undefined;

  constructor(
    private readonly writeOrder: WriteQueuedOrderCmdExe,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { redis, ordering } = this.config;
    const connection = (this.connection = queueConnection(redis, { maxRetriesPerRequest: null }));
    this.worker = new Worker<QueuedOrder>(QueueNames.orderPlacement, (job) => this.process(job), {
      connection,
      prefix: queuePrefix(redis),
      concurrency: ordering.workerConcurrency,
      lockDuration: ordering.jobLockMs,
      stalledInterval: ordering.jobLockMs,
    });
    this.worker.on('error', (error) => this.logger.warn(`Order worker: ${error.message}`));
  }

  private async process(job: Job<QueuedOrder>): Promise<void> {
    const isLastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.writeOrder.execute(new WriteQueuedOrderCmd(job.data, isLastTry));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    // A cluster client is shared with the worker, which leaves it open.
    if (this.connection instanceof Cluster) await this.connection.quit().catch(() => undefined);
  }
}
