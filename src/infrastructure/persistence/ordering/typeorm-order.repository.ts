import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, LessThanOrEqual, Repository } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import {
  type BucketPart,
  decodeParts,
  encodeParts,
  type NewOrder,
  Order,
} from '../../../domain/ordering/order';
import { WriteDeadlineExceededError } from './write-deadline-exceeded.error';
import { type ClosingStatus, OrderRepository } from '../../../domain/ordering/order.repository';
import { BuyerGoneError, LimitExceededError } from '../../../domain/ordering/ordering.errors';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { ORDERING_CONNECTION } from '../data-source-options';
import { isDuplicateKey, isMissingReference, retryDeadlocks } from '../mysql-errors';
import { toOrder } from './order.mapper';
import { OrderOrmEntity } from './order.orm-entity';
import { AT_ONCE, KeyedBatches } from '../../batching/keyed-batches';
import { affectedRows, insertId, moveStock } from './stock-rows';

interface PendingWrite {
  order: NewOrder;
  commitBy?: number;
}

@Injectable()
export class TypeormOrderRepository extends OrderRepository {
  constructor(
    @InjectDataSource(ORDERING_CONNECTION) private readonly dataSource: DataSource,
    @InjectRepository(OrderOrmEntity, ORDERING_CONNECTION) private readonly rows: Repository<OrderOrmEntity>,
    config: AppConfig,
  ) {
    super();
    // Orders of one stock row written in one transaction at most (ORDER_WRITE_BATCH_MAX). Larger batches lock
    // the hot row no longer (one multi-row statement each), but a batch refused as a whole is retried order by
    // order; 1 writes every order in a transaction of its own, which is where buckets pay (bench/README.md).
    this.writes = new KeyedBatches(
      config.ordering.writeBatchMax,
      (_row, batch) => this.writeBatch(batch),
      AT_ONCE,
    );
  }

  private readonly writes: KeyedBatches<PendingWrite, PromiseSettledResult<Order>>;

  async place(order: NewOrder, commitBy?: number): Promise<Order> {
    try {
      // An order drawn from several buckets locks several rows: it goes alone, never in a row's batch.
      if (order.parts.length > 1) return await this.placeAlone(order, commitBy);
      const written = await this.writes.submit(`${order.saleId}/${order.bucketNo}`, { order, commitBy });
      if (written.status === 'rejected') throw written.reason;
      return written.value;
    } catch (error) {
      // The buyer was deleted after its token was issued (within AUTH_USER_CACHE_MS of an instance's check).
      if (isMissingReference(error, 'fk_orders_user')) throw new BuyerGoneError();
      if (!isDuplicateKey(error) && !(error instanceof LimitExceededError)) throw error;
      // A retry of an attempt (or an idempotency key) that was already written: that order is the answer.
      // (Its buyer's units were taken by it, so the retry may be refused for the limit before the duplicate.)
      const existing = await this.findExisting(order);
      if (!existing) throw error;
      return existing;
    }
  }

  /**
   * A batch for one stock row goes in one transaction, so the hot row is locked once per batch rather than once
   * per order. When MySQL refuses anything in it (a unit short, a buyer over the limit, an attempt written
   * before), each order is written alone instead and gets its own answer.
   */
  private async writeBatch(batch: PendingWrite[]): Promise<PromiseSettledResult<Order>[]> {
    if (batch.length > 1) {
      try {
        const orders = await this.placeTogether(batch);
        return orders.map((value) => ({ status: 'fulfilled', value }));
      } catch {
        // fall through: one by one
      }
    }
    return Promise.allSettled(batch.map(({ order, commitBy }) => this.placeAlone(order, commitBy)));
  }

  private async placeAlone(order: NewOrder, commitBy?: number): Promise<Order> {
    const id = await retryDeadlocks(() =>
      this.dataSource.transaction('READ COMMITTED', async (em) => {
        await this.takeBuyerUnits(em, order);
        const orderId = await this.insertOrder(em, order);
        // The hot rows last, so their locks are held for the shortest time; in bucket order, so two orders
        // drawing from the same buckets cannot deadlock. Each row moves under its own version guard.
        for (const part of inBucketOrder(order.parts)) {
          await moveStock(em, 'reserve', order.saleId, part.bucketNo, part.units);
        }
        assertBefore(commitBy);
        return orderId;
      }),
    );
    return placedOrder(order, id);
  }

  private async placeTogether(batch: PendingWrite[]): Promise<Order[]> {
    const orders = batch.map((write) => write.order);
    const { saleId, bucketNo } = orders[0];
    const commitBy = earliest(batch.map((write) => write.commitBy));
    const ids = await this.dataSource.transaction('READ COMMITTED', async (em) => {
      // Every order of a batch draws from this one row (several-bucket orders go alone).
      await takeBuyersUnits(em, orders);
      await insertOrders(em, orders);
      // Read before the hot row is locked; a multi-row insert's ids need not be consecutive (MySQL 8's default).
      const idsByAttempt = await orderIdsByAttempt(em, orders);
      const units = orders.reduce((sum, order) => sum + order.quantity, 0);
      await moveStock(em, 'reserve', saleId, bucketNo, units);
      assertBefore(commitBy);
      return idsByAttempt;
    });
    return orders.map((order) => placedOrder(order, ids.get(order.attemptId)!));
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
      `INSERT INTO orders (sale_id, user_id, bucket_no, bucket_parts, quantity, unit_price_cents, total_cents,
         status, attempt_id, idempotency_key, created_at, updated_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?)`,
      orderValues(order),
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
          `UPDATE orders SET status = ?, updated_at = ?, paid_at = ?, closed_at = ?,
                  pay_claim = NULL, pay_claim_until = NULL
          WHERE id = ? AND status = 'pending_payment' AND ${deadlineGuard(to)}`,
          [to, now, to === 'paid' ? now : null, to === 'paid' ? null : now, orderId, now],
        );
        if (affectedRows(won) !== 1) return false;
        const [row] = await em.query<
          {
            sale_id: string;
            user_id: string;
            bucket_no: number;
            bucket_parts: string | null;
            quantity: number;
          }[]
        >('SELECT sale_id, user_id, bucket_no, bucket_parts, quantity FROM orders WHERE id = ?', [orderId]);
        const parts = row.bucket_parts
          ? decodeParts(row.bucket_parts)
          : [{ bucketNo: Number(row.bucket_no), units: Number(row.quantity) }];
        for (const part of inBucketOrder(parts)) {
          await moveStock(em, to === 'paid' ? 'sell' : 'unreserve', row.sale_id, part.bucketNo, part.units);
        }
        if (to !== 'paid') {
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

  async findByIdempotencyKey(userId: string, key: string): Promise<Order | null> {
    if (!/^\d{1,20}$/.test(userId)) return null;
    const row = await this.rows.findOneBy({ userId, idempotencyKey: key });
    return row ? toOrder(row) : null;
  }

  async claimPayment(orderId: string, now: Date, holdUntil: Date): Promise<string | null> {
    const claim = randomUUID();
    const result: unknown = await this.dataSource.query(
      `UPDATE orders SET pay_claim = ?, pay_claim_until = ?
        WHERE id = ? AND status = 'pending_payment' AND expires_at > ?
          AND (pay_claim IS NULL OR pay_claim_until <= ?)`,
      [claim, holdUntil, orderId, now, now],
    );
    return affectedRows(result) === 1 ? claim : null;
  }

  async releasePaymentClaim(orderId: string, claim: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE orders SET pay_claim = NULL, pay_claim_until = NULL WHERE id = ? AND pay_claim = ?',
      [orderId, claim],
    );
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

/** The batch's buyers, each within the limit; every row must move, or one of them is over it. */
async function takeBuyersUnits(em: EntityManager, orders: NewOrder[]): Promise<void> {
  const unitsByUser = new Map<string, number>();
  for (const order of orders)
    unitsByUser.set(order.userId, (unitsByUser.get(order.userId) ?? 0) + order.quantity);
  const { saleId, perUserLimit } = orders[0];
  const users = [...unitsByUser.keys()];
  await em.query(
    `INSERT INTO sale_buyers (sale_id, user_id, units) VALUES ${users.map(() => '(?, ?, 0)').join(', ')}
      ON DUPLICATE KEY UPDATE units = units`,
    users.flatMap((user) => [saleId, user]),
  );
  const added = `CASE user_id ${users.map(() => 'WHEN ? THEN ?').join(' ')} END`;
  const addedParams = users.flatMap((user) => [user, unitsByUser.get(user)]);
  const result: unknown = await em.query(
    `UPDATE sale_buyers SET units = units + ${added}
      WHERE sale_id = ? AND user_id IN (${users.map(() => '?').join(', ')}) AND units + ${added} <= ?`,
    [...addedParams, saleId, ...users, ...addedParams, perUserLimit],
  );
  if (affectedRows(result) !== users.length) throw new LimitExceededError(perUserLimit);
}

async function insertOrders(em: EntityManager, orders: NewOrder[]): Promise<void> {
  await em.query(
    `INSERT INTO orders (sale_id, user_id, bucket_no, bucket_parts, quantity, unit_price_cents, total_cents,
       status, attempt_id, idempotency_key, created_at, updated_at, expires_at)
     VALUES ${orders.map(() => "(?, ?, ?, ?, ?, ?, ?, 'pending_payment', ?, ?, ?, ?, ?)").join(', ')}`,
    orders.flatMap(orderValues),
  );
}

async function orderIdsByAttempt(em: EntityManager, orders: NewOrder[]): Promise<Map<string, string>> {
  const rows = await em.query<{ id: string | number; attempt_id: string }[]>(
    `SELECT id, attempt_id FROM orders WHERE attempt_id IN (${orders.map(() => '?').join(', ')})`,
    orders.map((order) => order.attemptId),
  );
  return new Map(rows.map((row) => [row.attempt_id, String(row.id)]));
}

/** The order just written, as it now stands in MySQL (every column comes from `order`, but the id). */
function placedOrder(order: NewOrder, id: string): Order {
  return new Order({
    id,
    saleId: order.saleId,
    userId: order.userId,
    bucketNo: order.bucketNo,
    parts: order.parts,
    quantity: order.quantity,
    unitPriceCents: order.unitPriceCents,
    totalCents: order.unitPriceCents * order.quantity,
    status: 'pending_payment',
    attemptId: order.attemptId,
    idempotencyKey: order.idempotencyKey,
    createdAt: order.createdAt,
    updatedAt: order.createdAt,
    expiresAt: order.expiresAt,
    paidAt: null,
    closedAt: null,
  });
}

function orderValues(order: NewOrder): unknown[] {
  return [
    order.saleId,
    order.userId,
    order.bucketNo,
    order.parts.length > 1 ? encodeParts(order.parts) : null,
    order.quantity,
    order.unitPriceCents,
    order.unitPriceCents * order.quantity,
    order.attemptId,
    order.idempotencyKey,
    order.createdAt,
    order.createdAt,
    order.expiresAt,
  ];
}

function inBucketOrder(parts: readonly BucketPart[]): BucketPart[] {
  return [...parts].sort((a, b) => a.bucketNo - b.bucketNo);
}

function earliest(deadlines: (number | undefined)[]): number | undefined {
  const set = deadlines.filter((deadline): deadline is number => deadline !== undefined);
  return set.length === 0 ? undefined : Math.min(...set);
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
