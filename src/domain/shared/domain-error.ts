/** Stable error codes of the REST contract (API.md). The HTTP status is chosen by the adapter, never here. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'CAPTCHA_INVALID'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'PAYMENT_DECLINED'
  | 'FORBIDDEN'
  | 'IP_BANNED'
  | 'NOT_FOUND'
  | 'EMAIL_TAKEN'
  | 'SALE_NOT_STARTED'
  | 'SALE_ENDED'
  | 'SOLD_OUT'
  | 'INSUFFICIENT_STOCK'
  | 'LIMIT_EXCEEDED'
  | 'SALE_LOCKED'
  | 'ORDER_NOT_PAYABLE'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'URI_TOO_LONG'
  | 'TOO_MANY_REQUESTS'
  | 'BUSY'
  | 'INTERNAL';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An expected failure of a use case. `code` is part of the public contract. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldProblem[] = [],
    /** For BUSY and TOO_MANY_REQUESTS: when the caller may try again. */
    readonly retryAfterMs?: number,
  ) {
    // An expected refusal needs no stack trace; capturing one was the dearest part of answering SOLD_OUT.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found`);
  }
}

export class ValidationError extends DomainError {
  constructor(details: FieldProblem[], message = 'The request is not valid') {
    super('VALIDATION_FAILED', message, details);
  }
}
