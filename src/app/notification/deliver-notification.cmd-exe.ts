import { Injectable } from '@nestjs/common';
import { type Notification } from '../../domain/notification/notification';
import { NotificationRepository } from '../../domain/notification/notification.repository';
import { type DeliverNotificationCmd } from './deliver-notification.cmd';

/** Runs in the worker: stores the notification where the user can list it. */
@Injectable()
export class DeliverNotificationCmdExe {
  constructor(private readonly notifications: NotificationRepository) {}

  execute(cmd: DeliverNotificationCmd): Promise<Notification> {
    return this.notifications.insert(cmd.draft);
  }
}
