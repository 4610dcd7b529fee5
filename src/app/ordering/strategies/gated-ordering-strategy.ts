import { type Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type FlashSale, type StrategyKind } from '../../../domain/catalog/flash-sale';
import { type Order } from '../../../domain/ordering/order';
import {
  type OrderingStrategy,
  type PlaceOrder,
  type PlaceOutcome,
} from '../../../domain/ordering/ordering-strategy';
import { BusyError } from '../../../domain/ordering/ordering.errors';
import { type GateRefusal } from '../../../domain/ordering/stock-gate';
import { type GateUnits } from './gate-units';
import { type HandOver } from './hand-over';
import { type UnitSource } from './unit-source';

/** How soon a shopper turned away while the last units are in flight and writes are failing should retry. */
const SOLD_OUT_PENDING_RETRY_MS = 1000;

/** A strategy as its policies: one `*.strategy.ts` file each, listed in strategy-registry.ts. */
export interface StrategyRecipe {
  /** The kind a sale names (STRATEGY_KINDS in the domain); one recipe per kind. */
  kind: StrategyKind;
  /** Where the units come from: the bucket a shopper's search begins at. */
  units: UnitSource;
  /** How the taken units become an order: a HandOver class, injected by Nest. */
  handOver: Type<HandOver>;
}

/**
 * Every strategy's one flow: the hand-over admits the attempt, the Redis gate takes the units (from where the
 * recipe says), and the hand-over turns them into an order or a ticket. A gate refusal is the shopper's answer.
 */
export class GatedOrderingStrategy implements OrderingStrategy {
  readonly kind: StrategyKind;

  constructor(
    private readonly recipe: StrategyRecipe,
    private readonly gate: GateUnits,
    private readonly handOver: HandOver,
  ) {
    this.kind = recipe.kind;
  }

  prepare(sale: FlashSale): Promise<void> {
    return this.gate.prepare(sale);
  }

  async place(cmd: PlaceOrder): Promise<PlaceOutcome> {
    await this.handOver.admit();
    const attemptId = randomUUID();
    const home = this.recipe.units(cmd.userId, cmd.sale.props.bucketCount);
    const verdict = await this.gate.take(cmd, attemptId, home);
    if (!verdict.ok) {
      if (verdict.reason === 'sold_out' && (verdict.inFlight ?? 0) > 0 && this.handOver.writesFailing()) {
        // Every unit left is in flight, and writes are failing: they may come back. SOLD_OUT would turn the
        // shopper away from them for good (and mark the sale sold out in memory); 503 asks for a retry.
        throw new BusyError(
          'Orders of this sale are still being written; try again shortly',
          SOLD_OUT_PENDING_RETRY_MS,
        );
      }
      return rejected(verdict);
    }
    return this.handOver.handOver(cmd, { attemptId, bucketNo: verdict.bucketNo, parts: verdict.parts });
  }

  release(order: Order, sale: FlashSale): Promise<void> {
    return this.gate.release(order, sale);
  }
}

/** A gate refusal as the strategy's outcome. */
export function rejected(refusal: GateRefusal): PlaceOutcome {
  return refusal.reason === 'insufficient'
    ? { outcome: 'rejected', reason: 'insufficient', left: refusal.left }
    : { outcome: 'rejected', reason: refusal.reason };
}
