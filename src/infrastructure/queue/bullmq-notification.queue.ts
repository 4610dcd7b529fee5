import { Injectable } from '@nestjs/common';
import { type Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { QueueNames } from '../../config/queue-names';
import { type NotificationDraft } from '../../domain/notification/notification';
import { NotificationQueue } from '../../domain/notification/notification.queue';
import { ProducerQueues } from './producer-queues';

@Injectable()
export class BullmqNotificationQueue extends NotificationQueue {
  private readonly queue: Queue<NotificationDraft>;

  constructor(queues: ProducerQueues) {
    super();
    this.queue = queues.get(QueueNames.notifications) as Queue<NotificationDraft>;
  }

  async enqueue(draft: NotificationDraft): Promise<void> {
    // The dedupe key is both the job id (queued once) and a unique column (stored once, however often retried).
    const dedupeKey = draft.dedupeKey ?? randomUUID();
    await this.queue.add(
      draft.kind,
      { ...draft, dedupeKey },
      {
        jobId: dedupeKey,
        attempts: 5,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
  }
}
