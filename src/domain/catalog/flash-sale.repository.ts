import { type Page, type PageRequest } from '../shared/page';
import { SaleNotFoundError } from './catalog.errors';
import { type FlashSale, type FlashSaleProps, type NewFlashSale, type SaleStatus } from './flash-sale';

export interface SaleListFilter {
  status?: SaleStatus;
  productId?: string;
  /** The clock against which `status` is judged. */
  now: Date;
}

/**
 * Port: flash sales and their stock rows. Creating a sale also creates its stock bucket rows (MySQL) in the
 * same transaction, split by `splitStock`; changing stock, strategy or buckets before the start rewrites them.
 */
export abstract class FlashSaleRepository {
  abstract findById(id: string): Promise<FlashSale | null>;

  /** The sale, or SaleNotFoundError (404): what a use case given a sale id starts with. */
  async getById(id: string): Promise<FlashSale> {
    const sale = await this.findById(id);
    if (!sale) throw new SaleNotFoundError();
    return sale;
  }

  /** Newest start first. Sales of deleted products are left out. */
  abstract list(filter: SaleListFilter, page: PageRequest): Promise<Page<FlashSale>>;
  /** Throws ProductNotFoundError when the product is gone (deleted meanwhile). */
  abstract insert(sale: NewFlashSale): Promise<FlashSale>;
  /** Rewrites the stock rows too when stock, strategy or bucket count changed. */
  abstract update(sale: FlashSale, previous: FlashSaleProps): Promise<FlashSale>;
  abstract delete(id: string): Promise<void>;
  /** Sales that start within `horizonMs` of `now` or are active: the ones whose gate must be warm. */
  abstract listNeedingWarmGate(now: Date, horizonMs: number): Promise<FlashSale[]>;
  /** Sales that have started and are running, or ended less than `endedWithinMs` ago: self-repair's round. */
  abstract listStartedEndingAfter(now: Date, endedWithinMs: number): Promise<FlashSale[]>;
  abstract hasLiveOrUpcomingSaleOfProduct(productId: string, now: Date): Promise<boolean>;
  /** Units neither reserved nor sold per sale (the sum over its stock rows), never negative. */
  abstract remainingOf(saleIds: readonly string[]): Promise<Map<string, number>>;
  /** The ids of the (not deleted) sales of a product. */
  abstract idsOfProduct(productId: string): Promise<string[]>;
}
