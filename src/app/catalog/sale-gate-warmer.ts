import { Injectable, Logger } from '@nestjs/common';
import { type FlashSale, type FlashSaleProps } from '../../domain/catalog/flash-sale';
import { SaleWarmUpScheduler } from '../../domain/catalog/sale-warm-up-scheduler';
import { SaleGatePreparer } from '../../domain/ordering/sale-gate-preparer';
import { Clock } from '../../domain/shared/clock';
import { CatalogSettings } from './catalog-settings';

/**
 * Keeps a sale's gate warm around admin changes: (re)schedules the warm-up a lead time before the start, and
 * loads the gate at once when the sale is already that close (or running). Neither may fail the admin's change,
 * which is committed by then: a miss is logged, and the worker's periodic check catches the sale.
 */
@Injectable()
export class SaleGateWarmer {
  private readonly logger = new Logger(SaleGateWarmer.name);

  constructor(
    private readonly scheduler: SaleWarmUpScheduler,
    private readonly preparer: SaleGatePreparer,
    private readonly settings: CatalogSettings,
    private readonly clock: Clock,
  ) {}

  /** After a create (no `previous`) or an update; `layoutChanged` says whether the gate's numbers moved. */
  async afterChange(sale: FlashSale, previous?: FlashSaleProps, layoutChanged = true): Promise<void> {
    const now = this.clock.now();
    if (sale.statusAt(now) === 'ended') return;
    await this.schedule(sale, previous, now);
    if (layoutChanged && this.isDue(sale, now)) await this.warmQuietly(sale);
  }

  async forget(sale: FlashSale): Promise<void> {
    try {
      await this.scheduler.cancel(sale.id, sale.props.startsAt);
    } catch (error) {
      this.logger.warn(`Warm-up job of sale ${sale.id} not cancelled: ${String(error)}`);
    }
  }

  /** Whether the sale starts within the lead time (or has started). */
  isDue(sale: FlashSale, now: Date): boolean {
    return sale.props.startsAt.getTime() - this.settings.warmUpLeadMs <= now.getTime();
  }

  private async schedule(sale: FlashSale, previous: FlashSaleProps | undefined, now: Date): Promise<void> {
    const { startsAt } = sale.props;
    const moved =
      previous && previous.startsAt.getTime() !== startsAt.getTime() ? previous.startsAt : undefined;
    const delayMs = Math.max(0, startsAt.getTime() - this.settings.warmUpLeadMs - now.getTime());
    try {
      await this.scheduler.schedule(sale.id, startsAt, delayMs, moved);
    } catch (error) {
      this.logger.warn(
        `Warm-up of sale ${sale.id} not scheduled (the periodic check will do it): ${String(error)}`,
      );
    }
  }

  private async warmQuietly(sale: FlashSale): Promise<void> {
    try {
      await this.preparer.prepare(sale);
    } catch (error) {
      this.logger.warn(
        `Gate of sale ${sale.id} not loaded now (the periodic check will do it): ${String(error)}`,
      );
    }
  }
}
