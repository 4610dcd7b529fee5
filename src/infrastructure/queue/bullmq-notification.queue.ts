import { Injectable } from '@nestjs/common';
import { type Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { JobNames, QueueNames } from '../../config/queue-names';
import { type NotificationBatch, type NotificationDraft } from '../../domain/notification/notification';
import { NotificationQueue } from '../../domain/notification/notification.queue';
import { ProducerQueues } from './producer-queues';

@Injectable()
export class BullmqNotificationQueue extends NotificationQueue {
  private readonly queue: Queue<NotificationDraft | NotificationBatch>;

  constructor(queues: ProducerQueues) {
    super();
    this.queue = queues.get(QueueNames.notifications) as Queue<NotificationDraft | NotificationBatch>;
  }

  async enqueueAll(drafts: NotificationDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const keyed = drafts.map((draft) => ({ ...draft, dedupeKey: draft.dedupeKey ?? randomUUID() }));
    await this.queue.add(
      JobNames.deliverMany,
      { drafts: keyed },
      {
        jobId: `many-${keyed[0].dedupeKey}-${keyed.length}`,
        attempts: 5,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      },
    );
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
