import { DomainError } from '../shared/domain-error';

export class IpBannedError extends DomainError {
  constructor() {
    super('IP_BANNED', 'Requests from your address are refused');
  }
}

export class BanNotFoundError extends DomainError {
  constructor() {
    super('NOT_FOUND', 'This address is not banned');
  }
}

/** A wrong, reused, expired or someone else's captcha answer: they all look the same to the caller. */
export class CaptchaInvalidError extends DomainError {
  constructor(message = 'The captcha answer is wrong, used or expired; ask for a new captcha') {
    super('CAPTCHA_INVALID', message);
  }
}

export class CaptchaNotNeededError extends DomainError {
  constructor() {
    super('BAD_REQUEST', 'This sale needs no captcha');
  }
}
