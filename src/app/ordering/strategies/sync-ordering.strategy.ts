import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type FlashSale, type StrategyKind } from '../../../domain/catalog/flash-sale';
import { type BucketPart, type Order } from '../../../domain/ordering/order';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import {
  BusyError,
  BuyerGoneError,
  IdempotencyKeyReusedError,
  LimitExceededError,
  OrderWriteUnsettledError,
  SoldOutError,
} from '../../../domain/ordering/ordering.errors';
import {
  type OrderingStrategy,
  type PlaceOrder,
  type PlaceOutcome,
} from '../../../domain/ordering/ordering-strategy';
import { SoldOutBoard } from '../../../domain/ordering/sold-out-board';
import { type GateRelease, StockGate, type GateVerdict } from '../../../domain/ordering/stock-gate';
import { StockLedger } from '../../../domain/ordering/stock-ledger';
import { Clock } from '../../../domain/shared/clock';
import { loadGateSnapshot } from '../gate-snapshot';

/**
 * sync: the Redis gate, then one MySQL transaction (buyer quota, order row, version-guarded stock update),
 * answered with the order. Whatever fails after the gate gives the gate's units back.
 */
@Injectable()
export class SyncOrderingStrategy implements OrderingStrategy {
  readonly kind: StrategyKind = 'sync';
  protected readonly logger = new Logger(this.constructor.name);

  constructor(
    protected readonly gate: StockGate,
    protected readonly orders: OrderRepository,
    protected readonly ledger: StockLedger,
    protected readonly soldOut: SoldOutBoard,
    protected readonly clock: Clock,
  ) {}

  /** Where a shopper's search for stock begins: one bucket here; bucketed spreads shoppers over many. */
  protected homeBucket(_userId: string, _bucketCount: number): number {
    return 0;
  }

  async prepare(sale: FlashSale): Promise<void> {
    await this.gate.prepare(
      await loadGateSnapshot(this.ledger, sale),
      // Once open, the gate holds units MySQL has not seen yet (writes in flight): never overwrite it then.
      sale.hasStartedAt(this.clock.now()) ? 'if-absent' : 'reset',
    );
  }

  async place(cmd: PlaceOrder): Promise<PlaceOutcome> {
    const attemptId = randomUUID();
    const verdict = await this.reserve(cmd, attemptId);
    if (!verdict.ok) return rejected(verdict);
    return this.write(cmd, verdict.parts, attemptId);
  }

  async release(order: Order, sale: FlashSale): Promise<void> {
    const { saleId, userId, quantity, parts } = order.props;
    await this.gate.giveBack({ saleId, userId, quantity, parts });
    await this.soldOut.announceRestock(sale.id);
  }

  protected async reserve(cmd: PlaceOrder, attemptId: string): Promise<GateVerdict> {
    const { bucketCount } = cmd.sale.props;
    const request = {
      saleId: cmd.sale.id,
      userId: cmd.userId,
      quantity: cmd.quantity,
      bucketCount,
      homeBucket: this.homeBucket(cmd.userId, bucketCount),
      nowMs: cmd.now.getTime(),
      attemptId,
    };
    let verdict = await this.gate.reserve(request);
    if (!verdict.ok && verdict.reason === 'not_prepared') {
      // The gate was never warmed, or Redis lost it: load it from MySQL and try once more.
      await this.prepare(cmd.sale);
      verdict = await this.gate.reserve(request);
    }
    if (!verdict.ok && verdict.reason === 'not_prepared') throw new BusyError('The sale is being prepared');
    return verdict;
  }

  /** The MySQL half; `attemptId` makes a retried write find its order instead of writing a second one. */
  protected async write(cmd: PlaceOrder, parts: BucketPart[], attemptId: string): Promise<PlaceOutcome> {
    const release: GateRelease = {
      saleId: cmd.sale.id,
      userId: cmd.userId,
      quantity: cmd.quantity,
      parts,
      attemptId,
    };
    let order: Order;
    try {
      order = await this.orders.place({
        saleId: cmd.sale.id,
        userId: cmd.userId,
        bucketNo: parts[0].bucketNo,
        parts,
        quantity: cmd.quantity,
        unitPriceCents: cmd.sale.props.salePriceCents,
        perUserLimit: cmd.sale.props.perUserLimit,
        attemptId,
        idempotencyKey: cmd.idempotencyKey,
        createdAt: cmd.now,
        expiresAt: new Date(cmd.now.getTime() + cmd.sale.props.paymentTimeoutSeconds * 1000),
      });
    } catch (error) {
      return this.afterFailedWrite(error, release, attemptId);
    }
    if (order.props.attemptId !== attemptId) {
      // An idempotency key written earlier answered instead: these units were never taken in MySQL. The key
      // answers only the request it was first used for.
      await this.giveBackQuietly(release);
      if (order.props.saleId !== cmd.sale.id || order.props.quantity !== cmd.quantity) {
        throw new IdempotencyKeyReusedError();
      }
      return { outcome: 'placed', order };
    }
    this.settleQuietly(cmd.sale.id, attemptId);
    return { outcome: 'placed', order };
  }

  /** The order is written: its attempt leaves the gate's in-flight list (self-repair would find the order). */
  protected settleQuietly(saleId: string, attemptId: string): void {
    this.gate
      .settle(saleId, attemptId)
      .catch((error) => this.logger.warn(`Attempt ${attemptId} not settled in the gate: ${String(error)}`));
  }

  private async afterFailedWrite(
    error: unknown,
    release: GateRelease,
    attemptId: string,
  ): Promise<PlaceOutcome> {
    if (error instanceof SoldOutError) {
      // MySQL had fewer units than the gate: the gate over-counted, so only the buyer's count goes back.
      await this.giveBackQuietly({ ...release, restock: false });
      return { outcome: 'rejected', reason: 'sold_out' };
    }
    if (error instanceof LimitExceededError) {
      await this.giveBackQuietly(release);
      return { outcome: 'rejected', reason: 'limit_exceeded' };
    }
    if (error instanceof BuyerGoneError) {
      // Nothing was written: the units go back and the caller hears 401.
      await this.giveBackQuietly(release);
      throw error;
    }
    if (error instanceof OrderWriteUnsettledError) {
      // Giving the units back now could let a sale's gate count units a late commit took: wait for the write.
      void error.outcome.then((late) => this.settleLateWrite(late, release, attemptId));
      throw error;
    }
    // The outcome is unknown (a lost connection may hide a commit): the attempt id tells.
    const written = await this.orders.findByAttemptId(attemptId).catch(() => null);
    if (written) {
      this.settleQuietly(release.saleId, attemptId);
      return { outcome: 'placed', order: written };
    }
    await this.giveBackQuietly(release);
    this.logger.warn(`Order write failed after the gate; units given back: ${String(error)}`);
    if (error instanceof BusyError) throw error;
    throw new BusyError('Orders cannot be written right now; try again shortly');
  }

  private async settleLateWrite(late: Order | null, release: GateRelease, attemptId: string): Promise<void> {
    if (late) {
      this.settleQuietly(release.saleId, attemptId);
      this.logger.warn(`Order ${late.id} committed after its buyer was answered 503; its units stay taken`);
      return;
    }
    await this.giveBackQuietly(release);
  }

  /** A give-back that fails leaves drift the summary shows and reconciliation repairs; never a lost order. */
  protected async giveBackQuietly(release: GateRelease): Promise<void> {
    try {
      const moved = await this.gate.giveBack(release);
      // Units back in the gate: a sold-out mark anywhere would turn shoppers away from them.
      if (moved && release.restock !== false) await this.soldOut.announceRestock(release.saleId);
    } catch (error) {
      this.logger.error(`Gate give-back failed for sale ${release.saleId}: ${String(error)}`);
    }
  }
}

/** A gate refusal as the strategy's outcome. */
export function rejected(verdict: Extract<GateVerdict, { ok: false }>): PlaceOutcome {
  if (verdict.reason === 'insufficient')
    return { outcome: 'rejected', reason: 'insufficient', left: verdict.left };
  return { outcome: 'rejected', reason: verdict.reason as Exclude<typeof verdict.reason, 'not_prepared'> };
}
