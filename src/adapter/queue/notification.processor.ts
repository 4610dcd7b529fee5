import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job } from 'bullmq';
import { DeliverNotificationCmd } from '../../app/notification/deliver-notification.cmd';
import { DeliverNotificationCmdExe } from '../../app/notification/deliver-notification.cmd-exe';
import { JobNames, QueueNames } from '../../config/queue-names';
import { type NotificationBatch, type NotificationDraft } from '../../domain/notification/notification';

@Processor(QueueNames.notifications, { concurrency: 4 })
export class NotificationProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationProcessor.name);

  constructor(private readonly deliver: DeliverNotificationCmdExe) {
    super();
  }

  async process(job: Job<NotificationDraft | NotificationBatch>): Promise<void> {
    const drafts =
      job.name === JobNames.deliverMany
        ? (job.data as NotificationBatch).drafts
        : [job.data as NotificationDraft];
    await this.deliver.execute(new DeliverNotificationCmd(drafts));
  }

  /** Connection trouble of the worker itself (Redis gone, a lost lock): logged, never an unhandled event. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`Notification worker: ${error.message}`);
  }
}
