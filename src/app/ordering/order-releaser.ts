import { Injectable, Logger } from '@nestjs/common';
import { SaleReadCache } from '../../domain/catalog/sale-read-cache';
import { type Order } from '../../domain/ordering/order';
import { OrderingStrategies } from '../../domain/ordering/ordering-strategy';
import { SaleDirectory } from '../../domain/ordering/sale-directory';

/** Releases close together (an expiry wave) refresh the storefront once. */
const STOREFRONT_REFRESH_DELAY_MS = 100;

/**
 * After MySQL took a cancelled or expired order's units back, the gate gets them too, through the sale's
 * strategy, and the storefront stops saying what it said before (sold out, perhaps). A failure here is drift
 * the summary shows and reconciliation repairs, never a lost unit in MySQL.
 */
@Injectable()
export class OrderReleaser {
  private readonly logger = new Logger(OrderReleaser.name);
  private readonly salesToRefresh = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sales: SaleDirectory,
    private readonly strategies: OrderingStrategies,
    private readonly storefront: SaleReadCache,
  ) {}

  async release(order: Order): Promise<void> {
    try {
      const sale = await this.sales.get(order.props.saleId);
      if (!sale) return;
      await this.strategies.for(sale.props.strategy).release(order, sale);
      this.refreshStorefront(sale.id);
    } catch (error) {
      this.logger.error(`Units of order ${order.id} not given back to the gate: ${String(error)}`);
    }
  }

  private refreshStorefront(saleId: string): void {
    this.salesToRefresh.add(saleId);
    this.refreshTimer ??= setTimeout(() => {
      const saleIds = [...this.salesToRefresh];
      this.salesToRefresh.clear();
      this.refreshTimer = undefined;
      this.storefront
        .invalidate(saleIds)
        .catch((error) => this.logger.warn(`Storefront not refreshed: ${String(error)}`));
    }, STOREFRONT_REFRESH_DELAY_MS).unref();
  }
}
