import { applyDecorators, type ExecutionContext, Inject, Injectable, UseGuards } from '@nestjs/common';
import { type ThrottlerLimitDetail } from '@nestjs/throttler';
import { type Principal } from '../../../domain/identity/principal';
import { AttemptCounter } from '../../../domain/ordering/attempt-counter';
import { type FastifyRequest } from 'fastify';
import { RateLimitGuard, THROTTLER } from '../common/rate-limit.guard';
import { clientRateSubject } from './client-address';

/** Who an order attempt is counted against: the signed-in user, else (never on the order route) the address. */
export function orderRateLimitTracker(request: FastifyRequest & { principal?: Principal }): string {
  return request.principal ? `user:${request.principal.userId}` : `address:${clientRateSubject(request)}`;
}

/**
 * ORDER_RATE_LIMIT_PER_USER attempts per ORDER_RATE_WINDOW_SECONDS per signed-in user. A route guard, so it runs
 * after the global guards: the access token guard has proven the principal by then.
 */
@Injectable()
export class OrderRateLimitGuard extends RateLimitGuard {
  protected readonly throttlerNames = [THROTTLER.order];
  /** Property-injected: the throttler guard's constructor belongs to @nestjs/throttler. */
  @Inject(AttemptCounter) private readonly attempts!: AttemptCounter;

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(
      orderRateLimitTracker(request as unknown as FastifyRequest & { principal?: Principal }),
    );
  }

  /** A refused attempt still counts in its sale's summary (attempts.rateLimited). */
  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const saleId = context.switchToHttp().getRequest<{ params?: { id?: string } }>().params?.id;
    if (saleId) this.attempts.count(saleId, 'rateLimited');
    return super.throwThrottlingException(context, detail);
  }

  /** One budget per user across every sale. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }
}

/** Put on POST /api/flash-sales/:id/orders: the per-user order limit, 429 TOO_MANY_REQUESTS with Retry-After. */
export const OrderRateLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseGuards(OrderRateLimitGuard));
