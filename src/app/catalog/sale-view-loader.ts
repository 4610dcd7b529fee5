import { Injectable } from '@nestjs/common';
import { type FlashSale } from '../../domain/catalog/flash-sale';
import { LiveStock } from '../../domain/catalog/live-stock';
import { FlashSaleRepository, type SaleListFilter } from '../../domain/catalog/flash-sale.repository';
import { ProductRepository } from '../../domain/catalog/product.repository';
import { type SaleView } from '../../domain/catalog/sale-view';
import { Clock } from '../../domain/shared/clock';
import { type Page, type PageRequest } from '../../domain/shared/page';

/** Reads storefront views from MySQL: what the sale cache runs on a miss. */
@Injectable()
export class SaleViewLoader {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly products: ProductRepository,
    private readonly liveStock: LiveStock,
    private readonly clock: Clock,
  ) {}

  /** Null when the sale, or its product, does not exist (or was deleted). */
  async one(saleId: string): Promise<SaleView | null> {
    const sale = await this.sales.findById(saleId);
    if (!sale) return null;
    const [view] = await this.viewsOf([sale]);
    return view ?? null;
  }

  async page(filter: SaleListFilter, page: PageRequest): Promise<Page<SaleView>> {
    const found = await this.sales.list(filter, page);
    return { ...found, items: await this.viewsOf(found.items) };
  }

  private async viewsOf(sales: FlashSale[]): Promise<SaleView[]> {
    if (sales.length === 0) return [];
    const ids = sales.map((sale) => sale.id);
    const productIds = [...new Set(sales.map((sale) => sale.props.productId))];
    const [products, written, live] = await Promise.all([
      this.products.findByIds(productIds),
      this.sales.remainingOf(ids),
      Promise.all(sales.map((sale) => this.liveRemainingOf(sale))),
    ]);
    const productById = new Map(products.map((product) => [product.id, product]));
    return sales.flatMap((sale, i) => {
      const product = productById.get(sale.props.productId);
      const remaining = Math.min(written.get(sale.id) ?? 0, live[i] ?? Infinity);
      return product ? [{ sale, product, remaining: Math.max(0, remaining) }] : [];
    });
  }

  /** Once a sale has started, its gate knows of attempts MySQL has not written yet. */
  private liveRemainingOf(sale: FlashSale): Promise<number | null> {
    return sale.hasStartedAt(this.clock.now()) ? this.liveStock.remainingOf(sale) : Promise.resolve(null);
  }
}
