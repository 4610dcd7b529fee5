import { Injectable } from '@nestjs/common';
import { type NotificationListener, NotificationFeed } from '../../domain/notification/notification-feed';
import { type FollowMyNotificationsQry } from './follow-my-notifications.qry';

/** A live feed of the user's notifications; the caller stops it with the returned function. */
@Injectable()
export class FollowMyNotificationsQryExe {
  constructor(private readonly feed: NotificationFeed) {}

  execute(qry: FollowMyNotificationsQry, listener: NotificationListener): () => void {
    return this.feed.subscribe(qry.userId, listener);
  }
}
