import { DomainError, NotFoundError } from '../shared/domain-error';
import { type Order } from './order';

export class SaleNotStartedError extends DomainError {
  constructor() {
    super('SALE_NOT_STARTED', 'This sale has not started yet');
  }
}

export class SaleEndedError extends DomainError {
  constructor() {
    super('SALE_ENDED', 'This sale has ended');
  }
}

export class SoldOutError extends DomainError {
  constructor() {
    super('SOLD_OUT', 'This sale is sold out');
  }
}

/** Fewer units are left than asked for: this request is refused, nobody else is. */
export class InsufficientStockError extends DomainError {
  constructor(readonly left: number) {
    super('INSUFFICIENT_STOCK', `Only ${left} left: ask for fewer`, [
      { field: 'quantity', message: `${left} left` },
    ]);
  }
}

/** An Idempotency-Key already answered another request (another sale or quantity). */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('BAD_REQUEST', 'This Idempotency-Key was already used for a different order');
  }
}

export class LimitExceededError extends DomainError {
  constructor(perUserLimit: number) {
    super('LIMIT_EXCEEDED', `You may buy at most ${perUserLimit} of this sale`);
  }
}

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('The order');
  }
}

export class OrderNotPayableError extends DomainError {
  constructor(status: string) {
    super('ORDER_NOT_PAYABLE', `This order is ${status.replace('_', ' ')} and can no longer be paid`);
  }
}

export class OrderNotCancellableError extends DomainError {
  constructor(status: string) {
    super('CONFLICT', `This order is ${status.replace('_', ' ')} and can no longer be cancelled`);
  }
}

export class PaymentDeclinedError extends DomainError {
  constructor(reason: string) {
    super('PAYMENT_DECLINED', `The payment was declined: ${reason}`);
  }
}

/** A dependency is failing or saturated: the caller should come back shortly. */
export class BusyError extends DomainError {
  constructor(message = 'Ordering is busy; try again shortly', retryAfterMs = 1000) {
    super('BUSY', message, [], retryAfterMs);
  }
}

/**
 * The order's write took longer than its caller may wait, and is still running: it may yet commit. The shopper
 * is answered 503 now; `outcome` settles with the order if it committed, or null if it did not.
 */
export class OrderWriteUnsettledError extends BusyError {
  constructor(readonly outcome: Promise<Order | null>) {
    super('The order could not be confirmed in time; look at your orders before trying again');
  }
}

/** The buyer's account was deleted after its token was issued: MySQL refused the order (no units kept). */
export class BuyerGoneError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'The account of this access token no longer exists');
  }
}
