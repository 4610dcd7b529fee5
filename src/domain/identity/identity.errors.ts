import { DomainError } from '../shared/domain-error';

export class EmailTakenError extends DomainError {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists');
  }
}

/** Wrong password and unknown email look the same, so accounts cannot be enumerated. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 'Email or password is wrong');
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid access token is required') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}
