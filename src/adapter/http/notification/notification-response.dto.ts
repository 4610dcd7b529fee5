import { type Notification, type NotificationKind } from '../../../domain/notification/notification';
import { PageResponseOf } from '../common/page-response.dto';

export class NotificationResponseDto {
  id!: string;
  kind!: NotificationKind;
  title!: string;
  body!: string;
  data!: Record<string, string | number | boolean | null>;
  createdAt!: string;

  static from(notification: Notification): NotificationResponseDto {
    return Object.assign(new NotificationResponseDto(), {
      id: notification.id,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      data: notification.data,
      createdAt: notification.createdAt.toISOString(),
    });
  }
}

export class NotificationPageResponseDto extends PageResponseOf(
  NotificationResponseDto,
  (item: Notification) => NotificationResponseDto.from(item),
) {}
