import { type FlashSale } from './flash-sale';
import { type Product } from './product';

/** What a shopper sees of a sale, before the clock is applied: the sale, its product, the units left. */
export interface SaleView {
  sale: FlashSale;
  product: Product;
  /** Units neither reserved nor sold, as MySQL had them when this view was read; never negative. */
  remaining: number;
}
