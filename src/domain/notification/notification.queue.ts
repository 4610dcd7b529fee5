import { type NotificationDraft } from './notification';

/** Port: hands a notification to the background worker. */
export abstract class NotificationQueue {
  abstract enqueue(draft: NotificationDraft): Promise<void>;
}
