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
  /**
   * A pay claims its order before charging: a guarded update that succeeds for one caller while the order is
   * pending, payable and unclaimed (or its claim lapsed at `holdUntil`). Returns the claim, or null.
   */
  abstract claimPayment(orderId: string, now: Date, holdUntil: Date): Promise<string | null>;
  /** A declined or failed charge lets the next pay claim the order. */
  abstract releasePaymentClaim(orderId: string, claim: string): Promise<void>;
  abstract findById(id: string): Promise<Order | null>;
  abstract findByAttemptId(attemptId: string): Promise<Order | null>;
  /** The order a user's Idempotency-Key wrote, if any (MySQL's unique (user, key) outlives Redis' record). */
  abstract findByIdempotencyKey(userId: string, key: string): Promise<Order | null>;
  abstract listForUser(userId: string, page: PageRequest): Promise<Page<Order>>;
  /** Pending orders whose payment time is over, oldest first. */
  abstract findOverdue(now: Date, limit: number): Promise<Order[]>;
  /**
   * Whether writes are failing right now (the store's circuit is open or on trial): units in flight may then come
   * back. A plain repository cannot tell, and says no.
   */
  writesFailing(): boolean {
    return false;
  }
}
