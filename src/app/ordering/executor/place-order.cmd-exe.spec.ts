import { type SaleReadCache } from '../../../domain/catalog/sale-read-cache';
import { type AttemptCounter } from '../../../domain/ordering/attempt-counter';
import {
  BusyError,
  IdempotencyKeyReusedError,
  InsufficientStockError,
  LimitExceededError,
  SaleEndedError,
  SaleNotStartedError,
  SoldOutError,
} from '../../../domain/ordering/ordering.errors';
import { type OrderingStrategies } from '../../../domain/ordering/ordering-strategy';
import { CaptchaInvalidError } from '../../../domain/risk/risk.errors';
import { DomainError } from '../../../domain/shared/domain-error';
import { type OrderPlacedEffects } from '../order-placed-effects';
import { fakeOrders, fakeSoldOut, NOW, orderOf, saleOf } from '../ordering.spec-fakes';
import { type OrderingSettings } from '../ordering-settings';
import { PlaceOrderCmd } from './place-order.cmd';
import { PlaceOrderCmdExe } from './place-order.cmd-exe';

describe('PlaceOrderCmdExe', () => {
  let sale = saleOf();
  let sales: { get: jest.Mock };
  let strategy: { place: jest.Mock };
  let orders: ReturnType<typeof fakeOrders>;
  let soldOut: ReturnType<typeof fakeSoldOut>;
  let attempts: { count: jest.Mock };
  let idempotency: { claim: jest.Mock; remember: jest.Mock; release: jest.Mock };
  let effects: { run: jest.Mock };
  let captcha: { assertSolved: jest.Mock };
  let storefront: { invalidate: jest.Mock };
  let settings: OrderingSettings;
  let exe: PlaceOrderCmdExe;
  const order = orderOf();
  const buy = (quantity = 1, key: string | null = null) =>
    exe.execute(
      new PlaceOrderCmd('sale-1', 'user-1', quantity, key, { captchaId: 'c', captchaAnswer: '42' }),
    );
  const counted = () => attempts.count.mock.calls.map(([, outcome]) => outcome as string);

  beforeEach(() => {
    sale = saleOf();
    sales = { get: jest.fn(() => Promise.resolve(sale)) };
    strategy = { place: jest.fn().mockResolvedValue({ outcome: 'placed', order }) };
    orders = fakeOrders();
    soldOut = fakeSoldOut();
    attempts = { count: jest.fn() };
    idempotency = {
      claim: jest.fn().mockResolvedValue({ state: 'claimed' }),
      remember: jest.fn().mockResolvedValue(undefined),
      release: jest.fn().mockResolvedValue(undefined),
    };
    effects = { run: jest.fn() };
    captcha = { assertSolved: jest.fn().mockResolvedValue(undefined) };
    storefront = { invalidate: jest.fn().mockResolvedValue(undefined) };
    settings = { maxInFlight: 2, strandedAfterMs: 60_000 };
    const strategies = { for: jest.fn(() => strategy) };
    exe = new PlaceOrderCmdExe(
      sales,
      strategies as unknown as OrderingStrategies,
      orders,
      soldOut,
      attempts as unknown as AttemptCounter,
      idempotency,
      effects as unknown as OrderPlacedEffects,
      settings,
      captcha,
      storefront as unknown as SaleReadCache,
      { now: () => NOW },
    );
  });

  it('404 for an unknown sale', async () => {
    sales.get.mockResolvedValue(null);
    await expect(buy()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(strategy.place).not.toHaveBeenCalled();
  });

  it("places through the sale's strategy, runs the order's effects and counts the attempt accepted", async () => {
    expect(await buy(2)).toEqual({ kind: 'placed', order });
    expect(strategy.place).toHaveBeenCalledWith({
      sale,
      userId: 'user-1',
      quantity: 2,
      idempotencyKey: null,
      now: NOW,
    });
    expect(captcha.assertSolved).toHaveBeenCalledWith({
      userId: 'user-1',
      saleId: 'sale-1',
      captchaRequired: false,
      captchaId: 'c',
      captchaAnswer: '42',
    });
    expect(effects.run).toHaveBeenCalledWith(order, sale);
    expect(counted()).toEqual(['accepted']);
  });

  it('answers a queued attempt with its ticket; the effects wait for the worker', async () => {
    strategy.place.mockResolvedValue({ outcome: 'queued', ticketId: 'ticket-1' });
    expect(await buy()).toEqual({ kind: 'queued', ticketId: 'ticket-1' });
    expect(effects.run).not.toHaveBeenCalled();
  });

  describe('refusals that need no network hop (no captcha used up, no strategy)', () => {
    it.each([
      ['over the per-user limit', () => undefined, 3, LimitExceededError, 'limitExceeded'],
      [
        'before the start',
        () => (sale = saleOf({ startsAt: new Date(NOW.getTime() + 1) })),
        1,
        SaleNotStartedError,
        'other',
      ],
      ['after the end', () => (sale = saleOf({ endsAt: NOW })), 1, SaleEndedError, 'other'],
      [
        'a sale known sold out here',
        () => soldOut.isSoldOut.mockReturnValue(true),
        1,
        SoldOutError,
        'soldOut',
      ],
    ])('%s', async (_case, arrange, quantity, error, outcome) => {
      arrange();
      await expect(buy(quantity)).rejects.toBeInstanceOf(error);
      expect(captcha.assertSolved).not.toHaveBeenCalled();
      expect(strategy.place).not.toHaveBeenCalled();
      expect(counted()).toEqual([outcome]);
    });
  });

  it('a wrong captcha takes no unit', async () => {
    captcha.assertSolved.mockRejectedValue(new CaptchaInvalidError('wrong'));
    await expect(buy()).rejects.toBeInstanceOf(CaptchaInvalidError);
    expect(strategy.place).not.toHaveBeenCalled();
  });

  it('more attempts in flight than allowed: BUSY at once, and the count goes down again', async () => {
    const pending: Array<() => void> = [];
    strategy.place.mockImplementation(
      () => new Promise((resolve) => pending.push(() => resolve({ outcome: 'placed', order }))),
    );
    const first = [buy(), buy()];
    await new Promise((resolve) => setImmediate(resolve));
    await expect(buy()).rejects.toMatchObject({ code: 'BUSY', retryAfterMs: 500 });
    pending.forEach((finish) => finish());
    await Promise.all(first);
    strategy.place.mockResolvedValue({ outcome: 'placed', order });
    await expect(buy()).resolves.toEqual({ kind: 'placed', order });
  });

  describe('the strategy refuses', () => {
    it.each([
      ['not_started', SaleNotStartedError],
      ['ended', SaleEndedError],
      ['limit_exceeded', LimitExceededError],
    ] as const)('%s', async (reason, error) => {
      strategy.place.mockResolvedValue({ outcome: 'rejected', reason });
      await expect(buy()).rejects.toBeInstanceOf(error);
      expect(soldOut.markSoldOut).not.toHaveBeenCalled();
    });

    it('insufficient, naming the units left', async () => {
      strategy.place.mockResolvedValue({ outcome: 'rejected', reason: 'insufficient', left: 1 });
      const refusal = buy(2);
      await expect(refusal).rejects.toBeInstanceOf(InsufficientStockError);
      await expect(refusal).rejects.toMatchObject({ left: 1 });
    });

    it('sold out: marked here, and the storefront forgets its count the first time only', async () => {
      strategy.place.mockResolvedValue({ outcome: 'rejected', reason: 'sold_out' });
      await expect(buy()).rejects.toBeInstanceOf(SoldOutError);
      expect(soldOut.markSoldOut).toHaveBeenCalledWith('sale-1');
      expect(storefront.invalidate).toHaveBeenCalledWith(['sale-1']);
      soldOut.markSoldOut.mockReturnValue(false);
      await expect(buy()).rejects.toBeInstanceOf(SoldOutError);
      expect(storefront.invalidate).toHaveBeenCalledTimes(1);
      expect(counted()).toEqual(['soldOut', 'soldOut']);
    });
  });

  it('a fault in the strategy reaches the caller, counted as other', async () => {
    strategy.place.mockRejectedValue(new BusyError());
    await expect(buy()).rejects.toBeInstanceOf(BusyError);
    expect(counted()).toEqual(['other']);
  });

  describe('the sold-out fast path', () => {
    const cmd = (key: string | null = null) => new PlaceOrderCmd('sale-1', 'user-1', 1, key);

    it('refuses from memory a sale marked sold out, counted', async () => {
      soldOut.isSoldOut.mockReturnValue(true);
      expect(exe.knowsSoldOut('sale-1')).toBe(true);
      expect(await exe.refuseAtOnce(cmd())).toBeInstanceOf(SoldOutError);
      expect(counted()).toEqual(['soldOut']);
    });

    it('leaves the full attempt to decide without a mark, with a key to honour, or for an unknown sale', async () => {
      expect(await exe.refuseAtOnce(cmd())).toBeNull();
      soldOut.isSoldOut.mockReturnValue(true);
      expect(await exe.refuseAtOnce(cmd('key-1'))).toBeNull();
      sales.get.mockResolvedValue(null);
      expect(await exe.refuseAtOnce(cmd())).toBeNull();
      expect(counted()).toEqual([]);
    });
  });

  describe('with an Idempotency-Key', () => {
    const key = 'key-1';

    it('the first attempt is placed and its answer remembered', async () => {
      expect(await buy(1, key)).toEqual({ kind: 'placed', order });
      expect(idempotency.claim).toHaveBeenCalledWith('user-1', key, 'sale-1/1');
      expect(idempotency.remember).toHaveBeenCalledWith('user-1', key, 'sale-1/1', {
        kind: 'placed',
        orderId: order.id,
      });
    });

    it('a queued first attempt remembers its ticket', async () => {
      strategy.place.mockResolvedValue({ outcome: 'queued', ticketId: 'ticket-1' });
      await buy(1, key);
      expect(idempotency.remember.mock.calls[0][3]).toEqual({ kind: 'queued', ticketId: 'ticket-1' });
    });

    it('the order stands when its answer cannot be remembered', async () => {
      idempotency.remember.mockRejectedValue(new Error('redis down'));
      expect(await buy(1, key)).toEqual({ kind: 'placed', order });
    });

    it('a refusal is remembered, so every repeat hears it', async () => {
      strategy.place.mockResolvedValue({ outcome: 'rejected', reason: 'sold_out' });
      await expect(buy(1, key)).rejects.toBeInstanceOf(SoldOutError);
      expect(idempotency.remember.mock.calls[0][3]).toEqual({
        kind: 'rejected',
        code: 'SOLD_OUT',
        message: new SoldOutError().message,
      });
      expect(idempotency.release).not.toHaveBeenCalled();
    });

    it.each([
      ['BUSY', new BusyError()],
      ['a fault', new Error('boom')],
    ])('after %s nothing was decided: the claim is released for a retry', async (_case, error) => {
      strategy.place.mockRejectedValue(error);
      await expect(buy(1, key)).rejects.toBe(error);
      expect(idempotency.release).toHaveBeenCalledWith('user-1', key);
      expect(idempotency.remember).not.toHaveBeenCalled();
    });

    it('a key Redis forgot but MySQL knows answers with its order, remembered again, without the gate', async () => {
      const earlier = orderOf({ id: 'order-0' });
      orders.findByIdempotencyKey.mockResolvedValue(earlier);
      expect(await buy(1, key)).toEqual({ kind: 'placed', order: earlier });
      expect(idempotency.remember).toHaveBeenCalledWith('user-1', key, 'sale-1/1', {
        kind: 'placed',
        orderId: 'order-0',
      });
      expect(strategy.place).not.toHaveBeenCalled();
    });

    it('a key MySQL knows from another request: 400, remembered under the request it answered', async () => {
      orders.findByIdempotencyKey.mockResolvedValue(orderOf({ id: 'order-0', quantity: 2 }));
      await expect(buy(1, key)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(idempotency.remember.mock.calls[0][2]).toBe('sale-1/2');
      expect(strategy.place).not.toHaveBeenCalled();
    });

    it('MySQL cannot tell whether the key is old: the claim is released and the error reaches the caller', async () => {
      const down = new Error('mysql down');
      orders.findByIdempotencyKey.mockRejectedValue(down);
      await expect(buy(1, key)).rejects.toBe(down);
      expect(idempotency.release).toHaveBeenCalledWith('user-1', key);
      expect(strategy.place).not.toHaveBeenCalled();
    });

    describe('a repeat', () => {
      const answered = (answer: object) => idempotency.claim.mockResolvedValue({ state: 'answered', answer });

      it('of a placed order answers that order', async () => {
        answered({ kind: 'placed', orderId: 'order-0' });
        const earlier = orderOf({ id: 'order-0' });
        orders.findById.mockResolvedValue(earlier);
        expect(await buy(1, key)).toEqual({ kind: 'placed', order: earlier });
        expect(strategy.place).not.toHaveBeenCalled();
        expect(counted()).toEqual([]);
      });

      it('of an order that is gone fails loudly', async () => {
        answered({ kind: 'placed', orderId: 'order-0' });
        await expect(buy(1, key)).rejects.toThrow('Remembered order order-0 is missing');
      });

      it('of a ticket answers the ticket', async () => {
        answered({ kind: 'queued', ticketId: 'ticket-1' });
        expect(await buy(1, key)).toEqual({ kind: 'queued', ticketId: 'ticket-1' });
      });

      it('of a refusal answers the same refusal', async () => {
        answered({ kind: 'rejected', code: 'SOLD_OUT', message: 'This sale is sold out' });
        const repeat = buy(1, key);
        await expect(repeat).rejects.toBeInstanceOf(DomainError);
        await expect(repeat).rejects.toMatchObject({ code: 'SOLD_OUT', message: 'This sale is sold out' });
      });

      it('of another request with the same key: 400', async () => {
        idempotency.claim.mockResolvedValue({ state: 'mismatch' });
        await expect(buy(1, key)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      });

      it('while the first is still running waits for its answer', async () => {
        idempotency.claim
          .mockResolvedValueOnce({ state: 'in_progress' })
          .mockResolvedValueOnce({ state: 'answered', answer: { kind: 'queued', ticketId: 'ticket-1' } });
        expect(await buy(1, key)).toEqual({ kind: 'queued', ticketId: 'ticket-1' });
        expect(idempotency.claim).toHaveBeenCalledTimes(2);
      });

      it('while the first runs for longer than 5 s: 409', async () => {
        jest.useFakeTimers({ now: NOW });
        try {
          idempotency.claim.mockResolvedValue({ state: 'in_progress' });
          const repeat = buy(1, key);
          const settled = expect(repeat).rejects.toMatchObject({ code: 'CONFLICT' });
          await jest.advanceTimersByTimeAsync(5_100);
          await settled;
        } finally {
          jest.useRealTimers();
        }
      });
    });
  });
});
