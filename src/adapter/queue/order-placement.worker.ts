import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, QueueEvents, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { EndOrderTicketCmd } from '../../app/ordering/executor/end-order-ticket.cmd';
import { EndOrderTicketCmdExe } from '../../app/ordering/executor/end-order-ticket.cmd-exe';
import { WriteQueuedOrderCmd } from '../../app/ordering/executor/write-queued-order.cmd';
import { WriteQueuedOrderCmdExe } from '../../app/ordering/executor/write-queued-order.cmd-exe';
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
  private events: QueueEvents | undefined;
  private connection: ReturnType<typeof queueConnection> | undefined;

  constructor(
    private readonly writeOrder: WriteQueuedOrderCmdExe,
    private readonly endTicket: EndOrderTicketCmdExe,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { redis, ordering } = this.config;
    const connection = (this.connection = queueConnection(redis, { maxRetriesPerRequest: null }));
    const prefix = queuePrefix(redis);
    this.worker = new Worker<QueuedOrder>(QueueNames.orderPlacement, (job) => this.process(job), {
      connection,
      prefix,
      concurrency: ordering.workerConcurrency,
      lockDuration: ordering.jobLockMs,
      stalledInterval: ordering.jobLockMs,
    });
    this.worker.on('error', (error) => this.logger.warn(`Order worker: ${error.message}`));
    // A job can end without its last try running: stalled more often than allowed (BullMQ then fails it
    // without calling the processor), or removed. Every ending is looked at; only a job that cannot run again
    // and left its ticket queued ends the ticket. Self-repair catches any event missed here.
    this.worker.on('failed', (job) => {
      if (job) this.end(job.id, job.failedReason);
    });
    this.events = new QueueEvents(QueueNames.orderPlacement, { connection, prefix });
    this.events.on('failed', ({ jobId, failedReason }) => this.end(jobId, failedReason));
    this.events.on('removed', ({ jobId }) => this.end(jobId, 'removed'));
    this.events.on('error', (error) => this.logger.warn(`Order queue events: ${error.message}`));
  }

  private end(ticketId: string | undefined, reason: string): void {
    if (!ticketId) return;
    this.endTicket.execute(new EndOrderTicketCmd(ticketId, reason)).then(
      (ended) => {
        if (ended !== 'none') this.logger.warn(`Ticket ${ticketId} ${ended} after its job ended: ${reason}`);
      },
      (error) => this.logger.warn(`Ticket ${ticketId} not ended: ${String(error)}`),
    );
  }

  private async process(job: Job<QueuedOrder>): Promise<void> {
    const isLastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.writeOrder.execute(new WriteQueuedOrderCmd(job.data, isLastTry));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.events?.close();
    // A cluster client is shared with the worker, which leaves it open.
    if (this.connection instanceof Cluster) await this.connection.quit().catch(() => undefined);
  }
}
