import { DomainError, NotFoundError } from '../shared/domain-error';

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super('The product');
  }
}

export class SaleNotFoundError extends NotFoundError {
  constructor() {
    super('The flash sale');
  }
}

export class SaleLockedError extends DomainError {
  constructor(fields: readonly string[]) {
    super(
      'SALE_LOCKED',
      `The sale has started: ${fields.join(', ')} can no longer change`,
      fields.map((field) => ({ field, message: 'is locked once the sale has started' })),
    );
  }
}

export class ProductInUseError extends DomainError {
  constructor() {
    super('CONFLICT', 'The product has a live or upcoming flash sale');
  }
}

export class SaleInProgressError extends DomainError {
  constructor() {
    super('SALE_LOCKED', 'The sale is running: it can be deleted only before it starts or after it ends');
  }
}

export class SaleAlreadyEndedError extends DomainError {
  constructor() {
    super('SALE_ENDED', 'This sale has ended');
  }
}
