import { Injectable, Logger } from '@nestjs/common';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { SaleGatePreparer } from '../../../domain/ordering/sale-gate-preparer';
import { Clock } from '../../../domain/shared/clock';
import { CatalogSettings } from '../catalog-settings';
import { type SweepSaleWarmUpsCmd } from './sweep-sale-warm-ups.cmd';

/**
 * Catches any sale whose delayed warm-up was missed (a queue outage, a sale written by another tool): prepares
 * every sale starting within the lead time or running. Preparing is idempotent, so warming a warm gate is
 * harmless. One failing sale does not stop the others.
 */
@Injectable()
export class SweepSaleWarmUpsCmdExe {
  private readonly logger = new Logger(SweepSaleWarmUpsCmdExe.name);

  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly preparer: SaleGatePreparer,
    private readonly settings: CatalogSettings,
    private readonly clock: Clock,
  ) {}

  async execute(_cmd: SweepSaleWarmUpsCmd): Promise<{ prepared: number; failed: number }> {
    const due = await this.sales.listNeedingWarmGate(this.clock.now(), this.settings.warmUpLeadMs);
    let failed = 0;
    for (const sale of due) {
      try {
        await this.preparer.prepare(sale);
      } catch (error) {
        failed++;
        this.logger.warn(`Gate of sale ${sale.id} not loaded by the periodic check: ${String(error)}`);
      }
    }
    return { prepared: due.length - failed, failed };
  }
}
