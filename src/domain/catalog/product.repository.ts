import { type Page, type PageRequest } from '../shared/page';
import { type NewProduct, type Product, type ProductChanges } from './product';

export interface ProductListFilter {
  /** Exact name. */
  name?: string;
}

/** Port: products. Deleting one keeps it for the sales that already referenced it (soft delete). */
export abstract class ProductRepository {
  abstract findById(id: string): Promise<Product | null>;
  /** The live products among `ids` (deleted and unknown ones are left out). */
  abstract findByIds(ids: readonly string[]): Promise<Product[]>;
  /** Newest first. */
  abstract list(page: PageRequest, filter?: ProductListFilter): Promise<Page<Product>>;
  abstract insert(product: NewProduct): Promise<Product>;
  abstract update(id: string, changes: ProductChanges): Promise<Product | null>;
  abstract delete(id: string): Promise<void>;
  /**
   * Deletes the product unless a sale of it ends after `now`, in one transaction with the check (a sale being
   * created for it at the same moment waits, then finds the product gone).
   */
  abstract deleteUnlessOnSale(id: string, now: Date): Promise<'deleted' | 'on-sale' | 'not-found'>;
}
