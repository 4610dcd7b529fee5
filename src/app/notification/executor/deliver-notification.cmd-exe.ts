import { Injectable, Logger } from '@nestjs/common';
import { type Notification } from '../../../domain/notification/notification';
import { NotificationFeed } from '../../../domain/notification/notification-feed';
import { NotificationRepository } from '../../../domain/notification/notification.repository';
import { type DeliverNotificationCmd } from './deliver-notification.cmd';

/** Runs in the worker: stores the notifications where their users can list them, then pushes them live. */
@Injectable()
export class DeliverNotificationCmdExe {
  private readonly logger = new Logger(DeliverNotificationCmdExe.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly feed: NotificationFeed,
  ) {}

  async execute(cmd: DeliverNotificationCmd): Promise<Notification[]> {
    const stored = await this.notifications.insertAll(cmd.drafts);
    // Stored is delivered: a stream that misses the push finds it in the list.
    await Promise.all(
      stored.map((notification) =>
        this.feed
          .publish(notification)
          .catch((error) => this.logger.warn(`Live push failed: ${String(error)}`)),
      ),
    );
    return stored;
  }
}
