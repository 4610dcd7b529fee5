import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThanOrEqual, Repository } from 'typeorm';
import { type NewOrder, type Order, WriteDeadlineExceededError } from '../../../domain/ordering/order';
import { type ClosingStatus, OrderRepository } from '../../../domain/ordering/order.repository';
import { LimitExceededError } from '../../../domain/ordering/ordering.errors';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { ORDERING_CONNECTION } from '../data-source-options';
import { isDuplicateKey, retryDeadlocks } from '../mysql-errors';
import { toOrder } from './order.mapper';
import { OrderOrmEntity } from './order.orm-entity';
import { affectedRows, insertId, moveStock } from './stock-rows';

@Injectable()
export class TypeormOrderRepository extends OrderRepository {
  constructor(
    @InjectDataSource(ORDERING_CONNECTION) private readonly dataSource: DataSource,
    @InjectRepository(OrderOrmEntity, ORDERING_CONNECTION) private readonly rows: Repository<OrderOrmEntity>,
  ) {
    super();
  }

  async place(order: NewOrder, commitBy?: number): Promise<Order> {
    try {
      const id = await retryDeadlocks(() =>
        this.dataSource.transaction('READ COMMITTED', async (em) => {
          await this.takeBuyerUnits(em, order);
          const orderId = await this.insertOrder(em, order);
          // The hot row last, so its lock is held for the shortest time.
          await moveStock(em, 'reserve', order.saleId, order.bucketNo, order.quantity);
          assertBefore(commitBy);
          return orderId;
        }),
      );
      return toOrder(await this.rows.findOneByOrFail({ id }));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // A retry of an attempt (or an idempotency key) that was already written: that order is the answer.
      const existing = await this.findExisting(order);
      if (!existing) throw error;
      return existing;
    }
  }

  /**
   * The per-user limit, enforced by MySQL too: a quota row per buyer and sale, raised only within the limit.
   * The upsert takes the row's exclusive lock at once (INSERT IGNORE would take a shared one, and two attempts
   * of one buyer upgrading their shared locks deadlock).
   */
  private async takeBuyerUnits(em: EntityManager, order: NewOrder): Promise<void> {
    await em.query(
      'INSERT INTO sale_buyers (sale_id, user_id, units) VALUES (?, ?, 0) ON DUPLICATE KEY UPDATE units = units',
      [order.saleId, order.userId],
    );
    const result: unknown = await em.query(
      'UPDATE sale_buyers SET units = units + ? WHERE sale_id = ? AND user_id = ? AND units + ? <= ?',
      [order.quantity, order.saleId, order.userId, order.quantity, order.perUserLimit],
    );
    if (affectedRows(result) !== 1) throw new LimitExceededError(order.perUserLimit);
  }

  private async insertOrder(em: EntityManager, order: NewOrder): Promise<string> {
    const result: unknown = await em.query(
      `INSERT INTO orders (sale_id, user_id, bucket_no, quantity, unit_price_cents, total_cents, status,
         attempt_id, idempotency_key, created_at, updated_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?)`,
      [
        order.saleId,
        order.userId,
        order.bucketNo,
        order.quantity,
        order.unitPriceCents,
        order.unitPriceCents * order.quantity,
        order.attemptId,
        order.idempotencyKey,
        order.createdAt,
        order.createdAt,
        order.expiresAt,
      ],
    );
    return insertId(result);
  }

  private async findExisting(order: NewOrder): Promise<Order | null> {
    const byAttempt = await this.findByAttemptId(order.attemptId);
    if (byAttempt || order.idempotencyKey === null) return byAttempt;
    const row = await this.rows.findOneBy({ userId: order.userId, idempotencyKey: order.idempotencyKey });
    return row ? toOrder(row) : null;
  }

  async close(orderId: string, to: ClosingStatus, now: Date, commitBy?: number): Promise<Order | null> {
    const closed = await retryDeadlocks(() =>
      this.dataSource.transaction('READ COMMITTED', async (em) => {
        const won: unknown = await em.query(
          `UPDATE orders SET status = ?, updated_at = ?, paid_at = ?, closed_at = ?
          WHERE id = ? AND status = 'pending_payment' AND ${deadlineGuard(to)}`,
          [to, now, to === 'paid' ? now : null, to === 'paid' ? null : now, orderId, now],
        );
        if (affectedRows(won) !== 1) return false;
        const [row] = await em.query<
          { sale_id: string; user_id: string; bucket_no: number; quantity: number }[]
        >('SELECT sale_id, user_id, bucket_no, quantity FROM orders WHERE id = ?', [orderId]);
        if (to === 'paid') {
          await moveStock(em, 'sell', row.sale_id, row.bucket_no, row.quantity);
        } else {
          await moveStock(em, 'unreserve', row.sale_id, row.bucket_no, row.quantity);
          await em.query('UPDATE sale_buyers SET units = units - ? WHERE sale_id = ? AND user_id = ?', [
            row.quantity,
            row.sale_id,
            row.user_id,
          ]);
        }
        assertBefore(commitBy);
        return true;
      }),
    );
    return closed ? this.findById(orderId) : null;
  }

  async findById(id: string): Promise<Order | null> {
    if (!/^\d{1,20}$/.test(id)) return null;
    const row = await this.rows.findOneBy({ id });
    return row ? toOrder(row) : null;
  }

  async findByAttemptId(attemptId: string): Promise<Order | null> {
    const row = await this.rows.findOneBy({ attemptId });
    return row ? toOrder(row) : null;
  }

  async listForUser(userId: string, page: PageRequest): Promise<Page<Order>> {
    const [rows, total] = await this.rows.findAndCount({
      where: { userId },
      order: { id: 'DESC' },
      skip: offsetOf(page),
      take: page.pageSize,
    });
    return { items: rows.map(toOrder), page: page.page, pageSize: page.pageSize, total };
  }

  async findOverdue(now: Date, limit: number): Promise<Order[]> {
    const rows = await this.rows.find({
      where: { status: 'pending_payment', expiresAt: LessThanOrEqual(now) },
      order: { expiresAt: 'ASC' },
      take: limit,
    });
    return rows.map(toOrder);
  }
}

/** A caller that timed out has answered already: committing now would act behind its back. */
function assertBefore(commitBy: number | undefined): void {
  if (commitBy !== undefined && Date.now() > commitBy) throw new WriteDeadlineExceededError();
}

/** Paying needs time left; expiring needs the time to be over; cancelling may happen any time. */
function deadlineGuard(to: ClosingStatus): string {
  if (to === 'paid') return 'expires_at > ?';
  if (to === 'expired') return 'expires_at <= ?';
  return '? IS NOT NULL';
}
