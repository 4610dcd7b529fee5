import { type NotificationDraft } from '../../../domain/notification/notification';

/** One notification, or the many a batch of orders gave rise to. */
export class DeliverNotificationCmd {
  constructor(readonly drafts: NotificationDraft[]) {}
}
