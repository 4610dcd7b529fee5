import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { DomainError } from '../../../domain/shared/domain-error';

/** @nestjs/throttler's guard, answering with the error body of API.md and a Retry-After. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const waitSeconds = Math.max(1, detail.timeToBlockExpire || detail.timeToExpire);
    throw new DomainError('TOO_MANY_REQUESTS', 'Too many requests; try again later', [], waitSeconds * 1000);
  }
}
