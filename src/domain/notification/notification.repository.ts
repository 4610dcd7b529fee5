import { type Page, type PageRequest } from '../shared/page';
import { type Notification, type NotificationDraft } from './notification';

/** Port: stored notifications. */
export abstract class NotificationRepository {
  /**
   * Stores each draft, in order, idempotently on `dedupeKey`: a draft whose key is stored already gets the
   * stored notification back.
   */
  abstract insertAll(drafts: NotificationDraft[]): Promise<Notification[]>;
  abstract listForUser(userId: string, page: PageRequest): Promise<Page<Notification>>;
}
