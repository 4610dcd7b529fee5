import { Processor } from '@nestjs/bullmq';
import { type Job } from 'bullmq';
import { DeliverNotificationCmd } from '../../app/notification/executor/deliver-notification.cmd';
import { DeliverNotificationCmdExe } from '../../app/notification/executor/deliver-notification.cmd-exe';
import { JobNames, QueueNames } from '../../config/queue-names';
import { type NotificationBatch, type NotificationDraft } from '../../domain/notification/notification';
import { LoggedWorkerHost } from './logged-worker-host';

@Processor(QueueNames.notifications, { concurrency: 4 })
export class NotificationProcessor extends LoggedWorkerHost {
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
}
