import { type Notification, type NotificationKind } from '../../../domain/notification/notification';
import { type Page } from '../../../domain/shared/page';

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

export class NotificationPageResponseDto {
  items!: NotificationResponseDto[];
  page!: number;
  pageSize!: number;
  total!: number;

  static from(page: Page<Notification>): NotificationPageResponseDto {
    return Object.assign(new NotificationPageResponseDto(), {
      ...page,
      items: page.items.map((item) => NotificationResponseDto.from(item)),
    });
  }
}
