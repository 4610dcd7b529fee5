import { Injectable } from '@nestjs/common';
import { SaleReadCache } from '../../../../domain/catalog/sale-read-cache';
import { Clock } from '../../../../domain/shared/clock';
import { type Page } from '../../../../domain/shared/page';
import { type ListSalesQry } from './list-sales.qry';
import { type SaleReading } from '../../sale-readings';
import { SaleViewLoader } from '../../sale-view-loader';

/** The storefront list: newest start first, optionally one status; each page is cached briefly. */
@Injectable()
export class ListSalesQryExe {
  constructor(
    private readonly cache: SaleReadCache,
    private readonly views: SaleViewLoader,
    private readonly clock: Clock,
  ) {}

  async execute(qry: ListSalesQry): Promise<Page<SaleReading>> {
    const key = `${qry.status ?? 'all'}:${qry.page.page}:${qry.page.pageSize}`;
    const page = await this.cache.getSalePage(key, () =>
      this.views.page({ status: qry.status, now: this.clock.now() }, qry.page),
    );
    const now = this.clock.now();
    return {
      ...page,
      items: page.items.map((view) => ({ ...view, status: view.sale.statusAt(now), serverTime: now })),
    };
  }
}
