import { type ExecutionContext, Injectable } from '@nestjs/common';
import { RateLimitGuard, THROTTLER } from '../common/rate-limit.guard';

/**
 * Global guard, ahead of the access token check so an abusive client costs one Redis call: RATE_LIMIT_PER_ADDRESS
 * requests per RATE_LIMIT_WINDOW_SECONDS per client address, over all routes together. Health and metrics opt out
 * with @SkipThrottle().
 */
@Injectable()
export class AddressRateLimitGuard extends RateLimitGuard {
  protected readonly throttlerNames = [THROTTLER.address];

  override canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return Promise.resolve(true);
    return super.canActivate(context);
  }

  /** One budget per address for the whole API (the library's default key is one per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:address:${tracker}`;
  }
}
