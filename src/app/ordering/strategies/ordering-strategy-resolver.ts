import { Injectable } from '@nestjs/common';
import { type FlashSale, type StrategyKind } from '../../../domain/catalog/flash-sale';
import { type OrderingStrategy, OrderingStrategies } from '../../../domain/ordering/ordering-strategy';
import { SaleGatePreparer } from '../../../domain/ordering/sale-gate-preparer';
import { AsyncOrderingStrategy } from './async-ordering.strategy';
import { BucketedOrderingStrategy } from './bucketed-ordering.strategy';
import { SyncOrderingStrategy } from './sync-ordering.strategy';

/** Picks the strategy a sale names; also how warm-up prepares a sale's gate. */
@Injectable()
export class OrderingStrategyResolver extends OrderingStrategies {
  private readonly byKind: Readonly<Record<StrategyKind, OrderingStrategy>>;

  constructor(
    sync: SyncOrderingStrategy,
    asynchronous: AsyncOrderingStrategy,
    bucketed: BucketedOrderingStrategy,
  ) {
    super();
    this.byKind = { sync, async: asynchronous, bucketed };
  }

  for(kind: StrategyKind): OrderingStrategy {
    return this.byKind[kind];
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
