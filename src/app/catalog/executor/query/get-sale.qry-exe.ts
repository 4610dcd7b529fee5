import { Injectable } from '@nestjs/common';
import { SaleNotFoundError } from '../../../../domain/catalog/catalog.errors';
import { SaleReadCache } from '../../../../domain/catalog/sale-read-cache';
import { Clock } from '../../../../domain/shared/clock';
import { type GetSaleQry } from './get-sale.qry';
import { type SaleReading } from '../../sale-readings';
import { SaleViewLoader } from '../../sale-view-loader';

/** The storefront's read of one sale, through the cache; the status is judged now, never cached. */
@Injectable()
export class GetSaleQryExe {
  constructor(
    private readonly cache: SaleReadCache,
    private readonly views: SaleViewLoader,
    private readonly clock: Clock,
  ) {}

  async execute(qry: GetSaleQry): Promise<SaleReading> {
    const view = await this.cache.getSale(qry.saleId, () => this.views.one(qry.saleId));
    if (!view) throw new SaleNotFoundError();
    const now = this.clock.now();
    return { ...view, status: view.sale.statusAt(now), serverTime: now };
  }
}
