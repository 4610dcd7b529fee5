import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import {
  type Notification,
  type NotificationDraft,
  type NotificationKind,
} from '../../../domain/notification/notification';
import { NotificationRepository } from '../../../domain/notification/notification.repository';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { NotificationOrmEntity } from './notification.orm-entity';

@Injectable()
export class TypeormNotificationRepository extends NotificationRepository {
  constructor(
    @InjectRepository(NotificationOrmEntity) private readonly rows: Repository<NotificationOrmEntity>,
  ) {
    super();
  }

  async insertAll(drafts: NotificationDraft[]): Promise<Notification[]> {
    if (drafts.length === 0) return [];
    const keyed = drafts.map((draft) => ({ ...draft, dedupeKey: draft.dedupeKey ?? randomUUID() }));
    const now = new Date();
    // One statement for the lot; a key stored before (a retried delivery) keeps its row.
    await this.rows.manager.query(
      `INSERT INTO notifications (user_id, kind, title, body, data, dedupe_key, created_at)
       VALUES ${keyed.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE id = id`,
      keyed.flatMap((d) => [d.userId, d.kind, d.title, d.body, JSON.stringify(d.data), d.dedupeKey, now]),
    );
    const rows = await this.rows.findBy({ dedupeKey: In(keyed.map((draft) => draft.dedupeKey)) });
    const byKey = new Map(rows.map((row) => [row.dedupeKey, toNotification(row)]));
    return keyed.map((draft) => {
      const stored = byKey.get(draft.dedupeKey);
      if (!stored) throw new Error(`Notification ${draft.dedupeKey} was not stored`);
      return stored;
    });
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
