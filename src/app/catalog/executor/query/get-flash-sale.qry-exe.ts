import { Injectable } from '@nestjs/common';
import { FlashSaleRepository } from '../../../../domain/catalog/flash-sale.repository';
import { Clock } from '../../../../domain/shared/clock';
import { type GetFlashSaleQry } from './get-flash-sale.qry';
import { type AdminSaleReading } from '../../sale-readings';

/** The admin's read: straight from MySQL, never cached. */
@Injectable()
export class GetFlashSaleQryExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly clock: Clock,
  ) {}

  async execute(qry: GetFlashSaleQry): Promise<AdminSaleReading> {
    const sale = await this.sales.getById(qry.saleId);
    const remaining = (await this.sales.remainingOf([sale.id])).get(sale.id) ?? 0;
    return { sale, remaining, status: sale.statusAt(this.clock.now()) };
  }
}
