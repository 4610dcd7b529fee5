import { type NewOrder, type Order } from '../../domain/ordering/order';
import { type ClosingStatus, OrderRepository } from '../../domain/ordering/order.repository';
import { BusyError, OrderWriteUnsettledError } from '../../domain/ordering/ordering.errors';
import { type CircuitBreakers } from './circuit-breakers';
import { type Page, type PageRequest } from '../../domain/shared/page';
import { timeOrderWrite } from '../metrics/business-metrics';

/** The order path's MySQL behind its circuit breaker: a hung or failing MySQL answers 503 fast, reads too. */
export class GuardedOrderRepository extends OrderRepository {
  constructor(
    private readonly orders: OrderRepository,
    private readonly breakers: CircuitBreakers,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  override writesFailing(): boolean {
    return this.breakers.states().mysql !== 'closed';
  }

  /**
   * The breaker answers after its timeout; the deadline keeps a late transaction from committing long after
   * that. One already committing can still land, so a timed-out write comes back as OrderWriteUnsettledError
   * with its real outcome to follow.
   */
  async place(order: NewOrder): Promise<Order> {
    const commitBy = Date.now() + this.timeoutMs;
    let write: Promise<Order> | undefined;
    let settled = false;
    const written = timeOrderWrite();
    const start = (): Promise<Order> => {
      write = this.orders.place(order, commitBy);
      write.then(
        () => {
          settled = true;
          written(true);
        },
        () => {
          settled = true;
          written(false);
        },
      );
      return write;
    };
    try {
      return await this.breakers.run('mysql', start);
    } catch (error) {
      if (write === undefined || settled || !(error instanceof BusyError)) throw error;
      throw new OrderWriteUnsettledError(write.catch(() => null));
    }
  }
  close(orderId: string, to: ClosingStatus, now: Date): Promise<Order | null> {
    const commitBy = Date.now() + this.timeoutMs;
    return this.breakers.run('mysql', () => this.orders.close(orderId, to, now, commitBy));
  }
  claimPayment(orderId: string, now: Date, holdUntil: Date): Promise<string | null> {
    return this.breakers.run('mysql', () => this.orders.claimPayment(orderId, now, holdUntil));
  }
  releasePaymentClaim(orderId: string, claim: string): Promise<void> {
    return this.breakers.run('mysql', () => this.orders.releasePaymentClaim(orderId, claim));
  }
  findById(id: string): Promise<Order | null> {
    return this.breakers.run('mysql', () => this.orders.findById(id));
  }
  findByAttemptId(attemptId: string): Promise<Order | null> {
    return this.breakers.run('mysql', () => this.orders.findByAttemptId(attemptId));
  }
  findByIdempotencyKey(userId: string, key: string): Promise<Order | null> {
    return this.breakers.run('mysql', () => this.orders.findByIdempotencyKey(userId, key));
  }
  listForUser(userId: string, page: PageRequest): Promise<Page<Order>> {
    return this.breakers.run('mysql', () => this.orders.listForUser(userId, page));
  }
  findOverdue(now: Date, limit: number): Promise<Order[]> {
    return this.breakers.run('mysql', () => this.orders.findOverdue(now, limit));
  }
}
