import { Injectable } from '@nestjs/common';
import { type Notification } from '../../../../domain/notification/notification';
import { NotificationRepository } from '../../../../domain/notification/notification.repository';
import { type Page } from '../../../../domain/shared/page';
import { type ListMyNotificationsQry } from './list-my-notifications.qry';

@Injectable()
export class ListMyNotificationsQryExe {
  constructor(private readonly notifications: NotificationRepository) {}

  execute(qry: ListMyNotificationsQry): Promise<Page<Notification>> {
    return this.notifications.listForUser(qry.userId, qry.page);
  }
}
