import { type NotificationDraft } from '../../domain/notification/notification';

export class DeliverNotificationCmd {
  constructor(readonly draft: NotificationDraft) {}
}
