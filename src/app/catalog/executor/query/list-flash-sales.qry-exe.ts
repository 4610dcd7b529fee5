import { Injectable } from '@nestjs/common';
import { FlashSaleRepository } from '../../../../domain/catalog/flash-sale.repository';
import { Clock } from '../../../../domain/shared/clock';
import { type Page } from '../../../../domain/shared/page';
import { type ListFlashSalesQry } from './list-flash-sales.qry';
import { type AdminSaleReading } from '../../sale-readings';

/** The admin's list: newest start first, straight from MySQL. */
@Injectable()
export class ListFlashSalesQryExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly clock: Clock,
  ) {}

  async execute(qry: ListFlashSalesQry): Promise<Page<AdminSaleReading>> {
    const now = this.clock.now();
    const page = await this.sales.list({ now, status: qry.status, productId: qry.productId }, qry.page);
    const remaining = await this.sales.remainingOf(page.items.map((sale) => sale.id));
    return {
      ...page,
      items: page.items.map((sale) => ({
        sale,
        remaining: remaining.get(sale.id) ?? 0,
        status: sale.statusAt(now),
      })),
    };
  }
}
