import { Injectable, Logger } from '@nestjs/common';
import { type Order } from '../../domain/ordering/order';
import { OrderingStrategies } from '../../domain/ordering/ordering-strategy';
import { SaleDirectory } from '../../domain/ordering/sale-directory';

/**
 * After MySQL took a cancelled or expired order's units back, the gate gets them too, through the sale's
 * strategy. A failure here is drift the summary shows and reconciliation repairs, never a lost unit in MySQL.
 */
@Injectable()
export class OrderReleaser {
  private readonly logger = new Logger(OrderReleaser.name);

  constructor(
    private readonly sales: SaleDirectory,
    private readonly strategies: OrderingStrategies,
  ) {}

  async release(order: Order): Promise<void> {
    try {
      const sale = await this.sales.get(order.props.saleId);
      if (sale) await this.strategies.for(sale.props.strategy).release(order, sale);
    } catch (error) {
      this.logger.error(`Units of order ${order.id} not given back to the gate: ${String(error)}`);
    }
  }
}
