import { Injectable, Logger } from '@nestjs/common';
import { type Order } from '../../../domain/ordering/order';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import {
  BusyError,
  BuyerGoneError,
  IdempotencyKeyReusedError,
  LimitExceededError,
  OrderWriteUnsettledError,
  SoldOutError,
} from '../../../domain/ordering/ordering.errors';
import { type PlaceOrder, type PlaceOutcome } from '../../../domain/ordering/ordering-strategy';
import { type GateRelease } from '../../../domain/ordering/stock-gate';
import { GateUnits } from './gate-units';
import { HandOver, type TakenUnits } from './hand-over';

/**
 * Hand-over "written now": one MySQL transaction (buyer quota, order row, version-guarded stock update) while
 * the shopper waits, answered with the order. `attemptId` makes a retried write find its order instead of
 * writing a second one; whatever fails gives the gate's units back, unless a write may still commit.
 */
@Injectable()
export class WriteNowHandOver extends HandOver {
  private readonly logger = new Logger(WriteNowHandOver.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly gate: GateUnits,
  ) {
    super();
  }

  admit(): Promise<void> {
    return Promise.resolve();
  }

  override writesFailing(): boolean {
    return this.orders.writesFailing();
  }

  async handOver(cmd: PlaceOrder, { attemptId, parts }: TakenUnits): Promise<PlaceOutcome> {
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
      await this.gate.giveBackQuietly(release);
      if (order.props.saleId !== cmd.sale.id || order.props.quantity !== cmd.quantity) {
        throw new IdempotencyKeyReusedError();
      }
      return { outcome: 'placed', order };
    }
    this.gate.settleQuietly(cmd.sale.id, attemptId);
    return { outcome: 'placed', order };
  }

  private async afterFailedWrite(
    error: unknown,
    release: GateRelease,
    attemptId: string,
  ): Promise<PlaceOutcome> {
    if (error instanceof SoldOutError) {
      // MySQL had fewer units than the gate: the gate over-counted, so only the buyer's count goes back.
      await this.gate.giveBackQuietly({ ...release, restock: false });
      return { outcome: 'rejected', reason: 'sold_out' };
    }
    if (error instanceof LimitExceededError) {
      await this.gate.giveBackQuietly(release);
      return { outcome: 'rejected', reason: 'limit_exceeded' };
    }
    if (error instanceof BuyerGoneError) {
      // Nothing was written: the units go back and the caller hears 401.
      await this.gate.giveBackQuietly(release);
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
      this.gate.settleQuietly(release.saleId, attemptId);
      return { outcome: 'placed', order: written };
    }
    await this.gate.giveBackQuietly(release);
    this.logger.warn(`Order write failed after the gate; units given back: ${String(error)}`);
    if (error instanceof BusyError) throw error;
    throw new BusyError('Orders cannot be written right now; try again shortly');
  }

  private async settleLateWrite(late: Order | null, release: GateRelease, attemptId: string): Promise<void> {
    if (late) {
      this.gate.settleQuietly(release.saleId, attemptId);
      this.logger.warn(`Order ${late.id} committed after its buyer was answered 503; its units stay taken`);
      return;
    }
    await this.gate.giveBackQuietly(release);
  }
}
