import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  type Notification,
  type NotificationDraft,
  type NotificationKind,
} from '../../../domain/notification/notification';
import { NotificationRepository } from '../../../domain/notification/notification.repository';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { isDuplicateKey } from '../mysql-errors';
import { NotificationOrmEntity } from './notification.orm-entity';

@Injectable()
export class TypeormNotificationRepository extends NotificationRepository {
  constructor(
    @InjectRepository(NotificationOrmEntity) private readonly rows: Repository<NotificationOrmEntity>,
  ) {
    super();
  }

  async insert(draft: NotificationDraft): Promise<Notification> {
    try {
      const result = await this.rows.insert({
        userId: draft.userId,
        kind: draft.kind,
        title: draft.title,
        body: draft.body,
        data: draft.data,
        dedupeKey: draft.dedupeKey ?? null,
        createdAt: new Date(),
      });
      const id = String((result.identifiers[0] as { id: string | number }).id);
      return toNotification(await this.rows.findOneByOrFail({ id }));
    } catch (error) {
      if (draft.dedupeKey === undefined || !isDuplicateKey(error, 'uq_notifications_dedupe')) throw error;
      return toNotification(await this.rows.findOneByOrFail({ dedupeKey: draft.dedupeKey }));
    }
  }

  async listForUser(userId: string, page: PageRequest): Promise<Page<Notification>> {
    const [rows, total] = await this.rows.findAndCount({
      where: { userId },
      order: { id: 'DESC' },
      skip: offsetOf(page),
      take: page.pageSize,
    });
    return { items: rows.map(toNotification), page: page.page, pageSize: page.pageSize, total };
  }
}

function toNotification(row: NotificationOrmEntity): Notification {
  return {
    id: String(row.id),
    userId: String(row.userId),
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    data: row.data,
    dedupeKey: row.dedupeKey ?? undefined,
    createdAt: row.createdAt,
  };
}
