import { type NotificationDraft } from './notification';

/** Port: hands notifications to the background worker. */
export abstract class NotificationQueue {
  abstract enqueue(draft: NotificationDraft): Promise<void>;
  /** Many at once, delivered together (one job, one insert). */
  abstract enqueueAll(drafts: NotificationDraft[]): Promise<void>;
}
