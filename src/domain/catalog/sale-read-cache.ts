import { type Page } from '../shared/page';
import { type SaleView } from './sale-view';

/**
 * Port: the read-through cache in front of MySQL for storefront sale reads. `load` reads MySQL on a miss; the
 * cache runs at most one load per key at a time and remembers "not found" (null) for a short while.
 * A cache that cannot reach its store answers from `load` instead of failing.
 */
export abstract class SaleReadCache {
  abstract getSale(saleId: string, load: () => Promise<SaleView | null>): Promise<SaleView | null>;
  /** A page of the storefront list, cached briefly under `key` (which names the filter and page). */
  abstract getSalePage(key: string, load: () => Promise<Page<SaleView>>): Promise<Page<SaleView>>;
  /** Drops the copies of these sales (and every cached list page) on every instance. Never throws. */
  abstract invalidate(saleIds: readonly string[]): Promise<void>;
}
