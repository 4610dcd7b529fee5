import { type FlashSale } from '../catalog/flash-sale';

/** Port: the sale behind an attempt, read on every attempt, so it must be cheap (cached). */
export abstract class SaleDirectory {
  abstract get(saleId: string): Promise<FlashSale | null>;
}
