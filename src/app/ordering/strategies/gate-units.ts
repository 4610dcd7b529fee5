import { Injectable, Logger } from '@nestjs/common';
import { type FlashSale } from '../../../domain/catalog/flash-sale';
import { type Order } from '../../../domain/ordering/order';
import { BusyError } from '../../../domain/ordering/ordering.errors';
import { type PlaceOrder } from '../../../domain/ordering/ordering-strategy';
import { SoldOutBoard } from '../../../domain/ordering/sold-out-board';
import {
  type GateRefusal,
  type GateRelease,
  type GateTaken,
  StockGate,
} from '../../../domain/ordering/stock-gate';
import { StockLedger } from '../../../domain/ordering/stock-ledger';
import { Clock } from '../../../domain/shared/clock';
import { loadGateSnapshot } from '../gate-snapshot';

/**
 * The Redis gate as every strategy uses it: prepared from MySQL, units taken (with one re-prepare when Redis
 * lost the gate), given back and settled without letting a Redis fault hide the shopper's answer.
 */
@Injectable()
export class GateUnits {
  private readonly logger = new Logger(GateUnits.name);

  constructor(
    private readonly gate: StockGate,
    private readonly ledger: StockLedger,
    private readonly soldOut: SoldOutBoard,
    private readonly clock: Clock,
  ) {}

  async prepare(sale: FlashSale): Promise<void> {
    // Once open, the gate holds units MySQL has not seen yet (writes in flight): never overwrite it then, and
    // leave a loaded one alone without reading its buyers from MySQL (tens of thousands in a large sale).
    const started = sale.hasStartedAt(this.clock.now());
    if (started && (await this.gate.isPrepared(sale.id))) return;
    await this.gate.prepare(await loadGateSnapshot(this.ledger, sale), started ? 'if-absent' : 'reset');
  }

  /** Takes the attempt's units, starting at `homeBucket`; throws BusyError when the gate cannot be prepared. */
  async take(cmd: PlaceOrder, attemptId: string, homeBucket: number): Promise<GateTaken | GateRefusal> {
    const request = {
      saleId: cmd.sale.id,
      userId: cmd.userId,
      quantity: cmd.quantity,
      bucketCount: cmd.sale.props.bucketCount,
      homeBucket,
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

  /** A cancelled or expired order's units (MySQL already has them back). */
  async release(order: Order, sale: FlashSale): Promise<void> {
    const { saleId, userId, quantity, parts } = order.props;
    await this.gate.giveBack({ saleId, userId, quantity, parts });
    await this.soldOut.announceRestock(sale.id);
  }

  /** A give-back that fails leaves drift the summary shows and reconciliation repairs; never a lost order. */
  async giveBackQuietly(release: GateRelease): Promise<void> {
    try {
      const moved = await this.gate.giveBack(release);
      // Units back in the gate: a sold-out mark anywhere would turn shoppers away from them.
      if (moved && release.restock !== false) await this.soldOut.announceRestock(release.saleId);
    } catch (error) {
      this.logger.error(`Gate give-back failed for sale ${release.saleId}: ${String(error)}`);
    }
  }

  /** The attempt's order is written: it leaves the gate's in-flight list (self-repair would find the order). */
  settleQuietly(saleId: string, attemptId: string): void {
    this.gate
      .settle(saleId, attemptId)
      .catch((error) => this.logger.warn(`Attempt ${attemptId} not settled in the gate: ${String(error)}`));
  }
}
