import { Injectable, Logger } from '@nestjs/common';
import { SaleNotFoundError } from '../../../domain/catalog/catalog.errors';
import { type FlashSale } from '../../../domain/catalog/flash-sale';
import { SaleReadCache } from '../../../domain/catalog/sale-read-cache';
import { type AttemptOutcome, AttemptCounter } from '../../../domain/ordering/attempt-counter';
import { IdempotencyStore, type RememberedAnswer } from '../../../domain/ordering/idempotency-store';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import {
  BusyError,
  IdempotencyKeyReusedError,
  InsufficientStockError,
  LimitExceededError,
  SaleEndedError,
  SaleNotStartedError,
  SoldOutError,
} from '../../../domain/ordering/ordering.errors';
import { OrderingStrategies, type RejectionReason } from '../../../domain/ordering/ordering-strategy';
import { SaleDirectory } from '../../../domain/ordering/sale-directory';
import { SoldOutBoard } from '../../../domain/ordering/sold-out-board';
import { Clock } from '../../../domain/shared/clock';
import { DomainError, type ErrorCode } from '../../../domain/shared/domain-error';
import { type OrderPlacement } from './order-placement';
import { OrderPlacedEffects } from '../order-placed-effects';
import { OrderingSettings } from '../ordering-settings';
import { CaptchaCheck } from '../../../domain/ordering/captcha-check';
import { type PlaceOrderCmd } from './place-order.cmd';

const IDEMPOTENT_WAIT_MS = 5000;
const IDEMPOTENT_POLL_MS = 20;

/**
 * A shopper presses buy. Cheap refusals first (limit, clock, the local sold-out mark: no network hop), then
 * the sale's strategy. With an Idempotency-Key, the first answer is remembered and every repeat gets it.
 */
@Injectable()
export class PlaceOrderCmdExe {
  private readonly logger = new Logger(PlaceOrderCmdExe.name);
  private inFlight = 0;

  constructor(
    private readonly sales: SaleDirectory,
    private readonly strategies: OrderingStrategies,
    private readonly orders: OrderRepository,
    private readonly soldOut: SoldOutBoard,
    private readonly attempts: AttemptCounter,
    private readonly idempotency: IdempotencyStore,
    private readonly placedEffects: OrderPlacedEffects,
    private readonly settings: OrderingSettings,
    private readonly captchaCheck: CaptchaCheck,
    private readonly storefront: SaleReadCache,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: PlaceOrderCmd): Promise<OrderPlacement> {
    const sale = await this.sales.get(cmd.saleId);
    if (!sale) throw new SaleNotFoundError();
    return cmd.idempotencyKey === null
      ? this.attempt(sale, cmd)
      : this.idempotently(sale, cmd, cmd.idempotencyKey);
  }

  /** Whether this process has seen the sale sell out: the one question worth asking before anything else. */
  knowsSoldOut(saleId: string): boolean {
    return this.soldOut.isSoldOut(saleId);
  }

  /**
   * The refusal a shopper gets for a sale this process already knows to be sold out, decided from memory, or
   * null when only the full attempt can tell (no mark, unknown sale, an Idempotency-Key to honour). Lets the
   * HTTP adapter answer the sold-out crowd before the rest of its pipeline. Counted like any attempt.
   */
  async refuseAtOnce(cmd: PlaceOrderCmd): Promise<DomainError | null> {
    if (cmd.idempotencyKey !== null || !this.soldOut.isSoldOut(cmd.saleId)) return null;
    const sale = await this.sales.get(cmd.saleId);
    if (!sale) return null;
    const refusal = this.cheapRefusal(sale, cmd, this.clock.now());
    if (refusal) this.attempts.count(sale.id, outcomeOf(refusal));
    return refusal;
  }

  private async attempt(sale: FlashSale, cmd: PlaceOrderCmd): Promise<OrderPlacement> {
    try {
      const placement = await this.place(sale, cmd);
      this.attempts.count(sale.id, 'accepted');
      return placement;
    } catch (error) {
      this.attempts.count(sale.id, outcomeOf(error));
      throw error;
    }
  }

  private async place(sale: FlashSale, cmd: PlaceOrderCmd): Promise<OrderPlacement> {
    const now = this.clock.now();
    const refusal = this.cheapRefusal(sale, cmd, now);
    if (refusal) throw refusal;
    // Before the gate: a wrong answer moves no stock. The challenge is used up either way.
    await this.captchaCheck.assertSolved({
      userId: cmd.userId,
      saleId: sale.id,
      captchaRequired: sale.props.captchaRequired,
      ...cmd.captcha,
    });
    if (this.inFlight >= this.settings.maxInFlight) {
      throw new BusyError('Too many orders are being placed right now; try again shortly', 500);
    }
    this.inFlight++;
    try {
      return await this.placeThroughStrategy(sale, cmd, now);
    } finally {
      this.inFlight--;
    }
  }

  /** Refusals that need no network hop, in the order a shopper should hear them. */
  private cheapRefusal(sale: FlashSale, cmd: PlaceOrderCmd, now: Date): DomainError | null {
    if (cmd.quantity > sale.props.perUserLimit) return new LimitExceededError(sale.props.perUserLimit);
    const status = sale.statusAt(now);
    if (status === 'upcoming') return new SaleNotStartedError();
    if (status === 'ended') return new SaleEndedError();
    if (this.soldOut.isSoldOut(sale.id)) return new SoldOutError();
    return null;
  }

  private async placeThroughStrategy(
    sale: FlashSale,
    cmd: PlaceOrderCmd,
    now: Date,
  ): Promise<OrderPlacement> {
    const outcome = await this.strategies.for(sale.props.strategy).place({
      sale,
      userId: cmd.userId,
      quantity: cmd.quantity,
      idempotencyKey: cmd.idempotencyKey,
      now,
    });
    if (outcome.outcome === 'rejected') {
      if (outcome.reason === 'sold_out' && this.soldOut.markSoldOut(sale.id)) {
        // The storefront's copy may say units are left for a while yet: shoppers should see it sold out.
        void this.storefront.invalidate([sale.id]);
      }
      throw rejection(outcome.reason, sale.props.perUserLimit, outcome.left ?? 0);
    }
    if (outcome.outcome === 'queued') return { kind: 'queued', ticketId: outcome.ticketId };
    this.placedEffects.run(outcome.order, sale);
    return { kind: 'placed', order: outcome.order };
  }

  private async idempotently(sale: FlashSale, cmd: PlaceOrderCmd, key: string): Promise<OrderPlacement> {
    const fingerprint = `${sale.id}/${cmd.quantity}`;
    const deadline = Date.now() + IDEMPOTENT_WAIT_MS;
    for (;;) {
      const claim = await this.idempotency.claim(cmd.userId, key, fingerprint);
      if (claim.state === 'claimed') return this.firstOrRemembered(sale, cmd, key, fingerprint);
      if (claim.state === 'answered') return this.replay(claim.answer);
      if (claim.state === 'mismatch') throw new IdempotencyKeyReusedError();
      if (Date.now() > deadline) {
        throw new DomainError('CONFLICT', 'A request with this Idempotency-Key is still being processed');
      }
      await new Promise((resolve) => setTimeout(resolve, IDEMPOTENT_POLL_MS));
    }
  }

  /**
   * A key new to Redis may still be old to MySQL (its Redis record lapsed after a day): the order written with
   * it answers, and only for the request it was written for. Checked before the gate, so a reuse moves no unit.
   */
  private async firstOrRemembered(
    sale: FlashSale,
    cmd: PlaceOrderCmd,
    key: string,
    fingerprint: string,
  ): Promise<OrderPlacement> {
    let earlier;
    try {
      earlier = await this.orders.findByIdempotencyKey(cmd.userId, key);
    } catch (error) {
      await this.idempotency.release(cmd.userId, key).catch(() => undefined);
      throw error;
    }
    if (!earlier) return this.attemptAndRemember(sale, cmd, key, fingerprint);
    const { saleId, quantity } = earlier.props;
    // Remembered again under the request it answered, so the next repeat is answered from Redis.
    await this.idempotency.remember(cmd.userId, key, `${saleId}/${quantity}`, {
      kind: 'placed',
      orderId: earlier.id,
    });
    if (saleId !== sale.id || quantity !== cmd.quantity) throw new IdempotencyKeyReusedError();
    return { kind: 'placed', order: earlier };
  }

  private async attemptAndRemember(
    sale: FlashSale,
    cmd: PlaceOrderCmd,
    key: string,
    fingerprint: string,
  ): Promise<OrderPlacement> {
    let answer: RememberedAnswer;
    try {
      const placement = await this.attempt(sale, cmd);
      answer =
        placement.kind === 'placed'
          ? { kind: 'placed', orderId: placement.order.id }
          : { kind: 'queued', ticketId: placement.ticketId };
      try {
        await this.idempotency.remember(cmd.userId, key, fingerprint, answer);
      } catch (error) {
        // The order stands: the shopper hears of it now. A retry meanwhile finds the claim (409) until it lapses,
        // and MySQL's unique (user, key) index keeps a later one from making a second order.
        this.logger.warn(`Idempotent answer of user ${cmd.userId} not stored: ${String(error)}`);
      }
      return placement;
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'BUSY') {
        await this.idempotency.remember(cmd.userId, key, fingerprint, {
          kind: 'rejected',
          code: error.code,
          message: error.message,
        });
      } else {
        // Nothing was decided (a 503 or a fault): a retry with the same key may go ahead.
        await this.idempotency.release(cmd.userId, key).catch(() => undefined);
      }
      throw error;
    }
  }

  private async replay(answer: RememberedAnswer): Promise<OrderPlacement> {
    if (answer.kind === 'queued') return { kind: 'queued', ticketId: answer.ticketId };
    if (answer.kind === 'rejected') throw new DomainError(answer.code as ErrorCode, answer.message);
    const order = await this.orders.findById(answer.orderId);
    if (!order) throw new Error(`Remembered order ${answer.orderId} is missing`);
    return { kind: 'placed', order };
  }
}

function rejection(reason: RejectionReason, perUserLimit: number, left: number): DomainError {
  switch (reason) {
    case 'not_started':
      return new SaleNotStartedError();
    case 'ended':
      return new SaleEndedError();
    case 'limit_exceeded':
      return new LimitExceededError(perUserLimit);
    case 'sold_out':
      return new SoldOutError();
    case 'insufficient':
      return new InsufficientStockError(left);
  }
}

function outcomeOf(error: unknown): AttemptOutcome {
  if (error instanceof SoldOutError) return 'soldOut';
  if (error instanceof LimitExceededError) return 'limitExceeded';
  if (error instanceof DomainError && error.code === 'TOO_MANY_REQUESTS') return 'rateLimited';
  return 'other';
}
