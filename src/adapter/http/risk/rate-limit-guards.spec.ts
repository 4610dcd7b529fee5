import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ThrottlerModuleOptions, ThrottlerStorageService } from '@nestjs/throttler';
import { type Principal } from '../../../domain/identity/principal';
import { LoginRateLimitGuard, type RateLimitGuard, THROTTLER } from '../common/rate-limit.guard';
import { AddressRateLimitGuard } from './address-rate-limit.guard';
import { OrderRateLimitGuard, orderRateLimitTracker } from './order-rate-limit.guard';

class OrdersController {
  place(): void {}
  other(): void {}
}

interface FakeRequest {
  ip: string;
  principal?: Principal;
  headers: Record<string, string>;
}

function contextFor(request: FakeRequest, handler: 'place' | 'other' = 'place'): ExecutionContext {
  const reply = { header: () => reply };
  return {
    getType: () => 'http',
    getClass: () => OrdersController,
    getHandler: () => OrdersController.prototype[handler],
    // A fresh raw request each time: the client address is resolved once per request and kept on it.
    switchToHttp: () => ({ getRequest: () => ({ ...request, raw: {} }), getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

const options: ThrottlerModuleOptions = {
  throttlers: [
    { name: THROTTLER.address, limit: 4, ttl: 60_000 },
    { name: THROTTLER.login, limit: 1, ttl: 60_000 },
    { name: THROTTLER.order, limit: 2, ttl: 60_000 },
  ],
};

async function guard<T extends RateLimitGuard>(
  Guard: new (o: ThrottlerModuleOptions, s: ThrottlerStorageService, r: Reflector) => T,
  storage = new ThrottlerStorageService(),
): Promise<T> {
  const instance = new Guard(options, storage, new Reflector());
  await instance.onModuleInit();
  return instance;
}

/** The status of each attempt: 'ok' or the error code. */
async function attempts(subject: RateLimitGuard, contexts: ExecutionContext[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const context of contexts) {
    try {
      await subject.canActivate(context);
      outcomes.push('ok');
    } catch (error) {
      outcomes.push((error as { code: string }).code);
    }
  }
  return outcomes;
}

describe('orderRateLimitTracker', () => {
  const request = (ip: string, principal?: Principal) =>
    ({ ip, principal, raw: {} }) as unknown as Parameters<typeof orderRateLimitTracker>[0];

  it('counts a signed-in caller by user id, whatever the address', () => {
    const principal: Principal = { userId: '42', role: 'customer' };
    expect(orderRateLimitTracker(request('203.0.113.7', principal))).toBe('user:42');
    expect(orderRateLimitTracker(request('198.51.100.9', principal))).toBe('user:42');
  });

  it('falls back to the address without a principal (an IPv6 address by its /64)', () => {
    expect(orderRateLimitTracker(request('203.0.113.7'))).toBe('address:203.0.113.7');
    expect(orderRateLimitTracker(request('::ffff:203.0.113.7'))).toBe('address:203.0.113.7');
    expect(orderRateLimitTracker(request('2001:db8:1:2:3:4:5:6'))).toBe('address:2001:db8:1:2::/64');
  });
});

describe('rate-limit guards', () => {
  const ada: FakeRequest = { ip: '203.0.113.7', principal: { userId: '1', role: 'customer' }, headers: {} };
  const bob: FakeRequest = { ip: '203.0.113.7', principal: { userId: '2', role: 'customer' }, headers: {} };

  afterEach(() => jest.useRealTimers());

  it('the order guard allows ORDER_RATE_LIMIT_PER_USER per user, then TOO_MANY_REQUESTS, only its own throttler', async () => {
    const subject = await guard(OrderRateLimitGuard);
    expect(
      await attempts(
        subject,
        [1, 2, 3].map(() => contextFor(ada)),
      ),
    ).toEqual(['ok', 'ok', 'TOO_MANY_REQUESTS']);
    // Same address, another user: a budget of its own (and the address and login limits are not counted here).
    expect(
      await attempts(
        subject,
        [1, 2].map(() => contextFor(bob)),
      ),
    ).toEqual(['ok', 'ok']);
    // The budget is the user's across handlers (every sale shares it).
    expect(await attempts(subject, [contextFor(bob, 'other')])).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('the order limit resets after its window and carries a retry time', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate'] });
    const subject = await guard(OrderRateLimitGuard);
    await attempts(
      subject,
      [1, 2].map(() => contextFor(ada)),
    );
    const refused = await subject.canActivate(contextFor(ada)).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: 60_000 });
    jest.advanceTimersByTime(60_001);
    expect(await attempts(subject, [contextFor(ada)])).toEqual(['ok']);
  });

  it('the address guard counts one budget per address over every route', async () => {
    const subject = await guard(AddressRateLimitGuard);
    const mixed = [contextFor(ada), contextFor(bob, 'other'), contextFor(ada, 'other'), contextFor(bob)];
    expect(await attempts(subject, [...mixed, contextFor(ada)])).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'TOO_MANY_REQUESTS',
    ]);
    expect(await attempts(subject, [contextFor({ ip: '198.51.100.9', headers: {} })])).toEqual(['ok']);
  });

  it('lets requests through uncounted when the store cannot be reached', async () => {
    const unreachable = new ThrottlerStorageService();
    jest.spyOn(unreachable, 'increment').mockRejectedValue(new Error('Connection is closed.'));
    const subject = await guard(AddressRateLimitGuard, unreachable);
    expect(
      await attempts(
        subject,
        [1, 2, 3, 4, 5, 6].map(() => contextFor(ada)),
      ),
    ).toEqual(Array(6).fill('ok'));
  });

  it('the login guard counts only the login throttler', async () => {
    const storage = new ThrottlerStorageService();
    const subject = await guard(LoginRateLimitGuard, storage);
    expect(await attempts(subject, [contextFor(ada), contextFor(ada)])).toEqual(['ok', 'TOO_MANY_REQUESTS']);
    expect([...storage.storage.keys()]).toHaveLength(1);
  });
});
