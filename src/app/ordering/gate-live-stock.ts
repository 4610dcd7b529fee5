import { Injectable } from '@nestjs/common';
import { type FlashSale } from '../../domain/catalog/flash-sale';
import { LiveStock } from '../../domain/catalog/live-stock';
import { StockGate } from '../../domain/ordering/stock-gate';

/** Ordering's answer to the catalog: what the sale's gate still holds, over all its buckets. */
@Injectable()
export class GateLiveStock extends LiveStock {
  constructor(private readonly gate: StockGate) {
    super();
  }

  async remainingOf(sale: FlashSale): Promise<number | null> {
    try {
      const state = await this.gate.read(sale.id, sale.props.bucketCount);
      return state ? state.buckets.reduce((sum, units) => sum + units, 0) : null;
    } catch {
      return null;
    }
  }
}
