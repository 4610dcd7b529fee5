import { type Page, type PageRequest } from '../shared/page';
import { type Notification, type NotificationDraft } from './notification';

/** Port: stored notifications. */
export abstract class NotificationRepository {
  /** Idempotent on `dedupeKey`: a second insert with the same key returns the first. */
  abstract insert(draft: NotificationDraft): Promise<Notification>;
  abstract listForUser(userId: string, page: PageRequest): Promise<Page<Notification>>;
}
