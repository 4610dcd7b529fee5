import { Injectable } from '@nestjs/common';
import { type Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { JobNames, QueueNames } from '../../config/queue-names';
import { type NotificationBatch, type NotificationDraft } from '../../domain/notification/notification';
import { NotificationQueue } from '../../domain/notification/notification.queue';
import { ProducerQueues } from './producer-queues';

/** Retried with backoff; a delivery is idempotent on its drafts' dedupe keys. */
const DELIVERY = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: 1000,
  removeOnFail: 5000,
} as const;

@Injectable()
export class BullmqNotificationQueue extends NotificationQueue {
  private readonly queue: Queue<NotificationDraft | NotificationBatch>;

  constructor(queues: ProducerQueues) {
    super();
    this.queue = queues.get(QueueNames.notifications) as Queue<NotificationDraft | NotificationBatch>;
  }

  async enqueueAll(drafts: NotificationDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    const keyed = drafts.map(withDedupeKey);
    await this.queue.add(
      JobNames.deliverMany,
      { drafts: keyed },
      { ...DELIVERY, jobId: `many-${keyed[0].dedupeKey}-${keyed.length}` },
    );
  }

  async enqueue(draft: NotificationDraft): Promise<void> {
    // The dedupe key is both the job id (queued once) and a unique column (stored once, however often retried).
    const keyed = withDedupeKey(draft);
    await this.queue.add(draft.kind, keyed, { ...DELIVERY, jobId: keyed.dedupeKey });
  }
}

function withDedupeKey(draft: NotificationDraft): NotificationDraft & { dedupeKey: string } {
  return { ...draft, dedupeKey: draft.dedupeKey ?? randomUUID() };
}
