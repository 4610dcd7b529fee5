import { type Page, type PageRequest } from '../shared/page';
import { type NewOrder, type Order, type OrderStatus } from './order';

export type ClosingStatus = Extract<OrderStatus, 'paid' | 'cancelled' | 'expired'>;

/**
 * Port: orders and the stock rows they move, in MySQL (the source of truth and the final guard).
 */
export abstract class OrderRepository {
  /**
   * One transaction: the buyer's units within the limit, the order row, and the version-guarded conditional
   * update of the bucket's stock row (available -> reserved). Throws SoldOutError or LimitExceededError when
   * MySQL refuses; returns the existing order when the attempt id was written before (a retry).
   * With `commitBy` (epoch ms), a transaction still running then rolls back (WriteDeadlineExceededError).
   */
  abstract place(order: NewOrder, commitBy?: number): Promise<Order>;
  /**
   * One transaction: the guarded status change from pending_payment (only one of pay, cancel and expiry can
   * win) and its stock move: reserved -> sold, or reserved -> available with the buyer's units returned.
   * Returns the closed order, or null when the order was no longer pending (someone else won).
   */
  abstract close(orderId: string, to: ClosingStatus, now: Date, commitBy?: number): Promise<Order | null>;
  abstract findById(id: string): Promise<Order | null>;
  abstract findByAttemptId(attemptId: string): Promise<Order | null>;
  abstract listForUser(userId: string, page: PageRequest): Promise<Page<Order>>;
  /** Pending orders whose payment time is over, oldest first. */
  abstract findOverdue(now: Date, limit: number): Promise<Order[]>;
}
