import { Injectable } from '@nestjs/common';
import { type FlashSale, STRATEGY_KINDS, type StrategyKind } from '../../../domain/catalog/flash-sale';
import { type OrderingStrategy, OrderingStrategies } from '../../../domain/ordering/ordering-strategy';
import { SaleGatePreparer } from '../../../domain/ordering/sale-gate-preparer';

/** Picks the strategy a sale names, by each strategy's own `kind`; also how warm-up prepares a sale's gate. */
export class OrderingStrategyResolver extends OrderingStrategies {
  private readonly byKind = new Map<StrategyKind, OrderingStrategy>();

  /** Throws unless every kind of STRATEGY_KINDS has exactly one strategy: a missing one fails at start-up. */
  constructor(strategies: readonly OrderingStrategy[]) {
    super();
    for (const strategy of strategies) {
      if (this.byKind.has(strategy.kind)) throw new Error(`Two ordering strategies of kind ${strategy.kind}`);
      this.byKind.set(strategy.kind, strategy);
    }
    const missing = STRATEGY_KINDS.filter((kind) => !this.byKind.has(kind));
    if (missing.length > 0) throw new Error(`No ordering strategy of kind ${missing.join(', ')}`);
  }

  for(kind: StrategyKind): OrderingStrategy {
    const strategy = this.byKind.get(kind);
    if (!strategy) throw new Error(`No ordering strategy of kind ${kind}`);
    return strategy;
  }
}

@Injectable()
export class StrategySaleGatePreparer extends SaleGatePreparer {
  constructor(private readonly strategies: OrderingStrategies) {
    super();
  }

  prepare(sale: FlashSale): Promise<void> {
    return this.strategies.for(sale.props.strategy).prepare(sale);
  }
}
