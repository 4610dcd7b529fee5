import { Injectable, Logger } from '@nestjs/common';
import { type Notification } from '../../domain/notification/notification';
import { NotificationFeed } from '../../domain/notification/notification-feed';
import { NotificationRepository } from '../../domain/notification/notification.repository';
import { type DeliverNotificationCmd } from './deliver-notification.cmd';

/** Runs in the worker: stores the notification where the user can list it, then pushes it to live streams. */
@Injectable()
export class DeliverNotificationCmdExe {
  private readonly logger = new Logger(DeliverNotificationCmdExe.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly feed: NotificationFeed,
  ) {}

  async execute(cmd: DeliverNotificationCmd): Promise<Notification> {
    const stored = await this.notifications.insert(cmd.draft);
    // Stored is delivered: a stream that misses the push finds it in the list.
    await this.feed.publish(stored).catch((error) => this.logger.warn(`Live push failed: ${String(error)}`));
    return stored;
  }
}
