import { Injectable } from '@nestjs/common';
import { SaleInProgressError } from '../../../domain/catalog/catalog.errors';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { SaleReadCache } from '../../../domain/catalog/sale-read-cache';
import { Clock } from '../../../domain/shared/clock';
import { type DeleteFlashSaleCmd } from './delete-flash-sale.cmd';
import { SaleGateWarmer } from '../sale-gate-warmer';

/** Soft delete, before the start or after the end; a running sale is locked (409 SALE_LOCKED). */
@Injectable()
export class DeleteFlashSaleCmdExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly cache: SaleReadCache,
    private readonly warmer: SaleGateWarmer,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: DeleteFlashSaleCmd): Promise<void> {
    const sale = await this.sales.getById(cmd.saleId);
    if (sale.statusAt(this.clock.now()) === 'active') throw new SaleInProgressError();
    await this.sales.delete(sale.id);
    await this.cache.invalidate([sale.id]);
    await this.warmer.forget(sale);
  }
}
