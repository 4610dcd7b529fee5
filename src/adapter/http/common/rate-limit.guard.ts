import { type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerRequest } from '@nestjs/throttler';
import { type FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/shared/domain-error';
import { clientRateSubject } from '../risk/client-address';

/** The named throttlers (configured in RiskModule, stored in the flash-sale Redis). */
export const THROTTLER = {
  /** Every route, per client address. Named 'default' so that a plain @SkipThrottle() (health, metrics) skips it. */
  address: 'default',
  /** POST /api/auth/login, per client address. */
  login: 'login',
  /** POST /api/auth/register, per client address. */
  register: 'register',
  /** POST /api/flash-sales/:id/orders, per signed-in user. */
  order: 'order',
} as const;

/** How often an unreachable rate-limit store is reported in the log. */
const STORE_DOWN_LOG_INTERVAL_MS = 10_000;

/**
 * @nestjs/throttler's guard for some of the named throttlers, answering with the error body of API.md and a
 * Retry-After. Each subclass names its throttlers, so a guard never counts another guard's limit.
 *
 * When the store (the flash-sale Redis) cannot be reached, requests pass uncounted: a limit that cannot be
 * counted must not take the whole shop down with it (bans still hold: they are checked in memory).
 */
export abstract class RateLimitGuard extends ThrottlerGuard {
  protected abstract readonly throttlerNames: readonly string[];
  private storeDownLoggedAt = 0;

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter((throttler) =>
      this.throttlerNames.includes(throttler.name ?? THROTTLER.address),
    );
  }

  /**
   * The client address of API.md (validated, canonical; an IPv6 client's /64), never the raw header: the
   * library's default tracker would turn whatever X-Forwarded-For says into a key.
   */
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(clientRateSubject(request as unknown as FastifyRequest));
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.reportStoreDown(request.throttler.name, error);
      return true;
    }
  }

  private reportStoreDown(throttler: string | undefined, error: unknown): void {
    const now = Date.now();
    if (now - this.storeDownLoggedAt < STORE_DOWN_LOG_INTERVAL_MS) return;
    this.storeDownLoggedAt = now;
    new Logger('RateLimit').warn(
      `Rate limit '${throttler ?? THROTTLER.address}' not counted, letting requests through: ${String(error)}`,
    );
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const waitSeconds = Math.max(1, detail.timeToBlockExpire || detail.timeToExpire);
    throw new DomainError('TOO_MANY_REQUESTS', 'Too many requests; try again later', [], waitSeconds * 1000);
  }
}

/** The login limit: LOGIN_RATE_LIMIT attempts per LOGIN_RATE_WINDOW_SECONDS per client address. */
@Injectable()
export class LoginRateLimitGuard extends RateLimitGuard {
  protected readonly throttlerNames = [THROTTLER.login];
}

/**
 * The registration limit: REGISTER_RATE_LIMIT accounts per REGISTER_RATE_WINDOW_SECONDS per client address. Each
 * registration costs an Argon2 hash (tens of ms of CPU), so a flood of them is refused before any is computed.
 */
@Injectable()
export class RegisterRateLimitGuard extends RateLimitGuard {
  protected readonly throttlerNames = [THROTTLER.register];
}
