import { Injectable } from '@nestjs/common';
import { type FlashSaleChanges } from '../../../domain/catalog/flash-sale';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { SaleReadCache } from '../../../domain/catalog/sale-read-cache';
import { assertValidSale, resolveBucketCount } from '../../../domain/catalog/sale-rules';
import { Clock } from '../../../domain/shared/clock';
import { SaleGateWarmer } from '../sale-gate-warmer';
import { type AdminSaleReading } from '../sale-readings';
import { type UpdateFlashSaleCmd } from './update-flash-sale.cmd';

/**
 * Changes a sale. Once it has started, stock, strategy, buckets and times are locked (409 SALE_LOCKED); the
 * result is validated as a whole (400); a new stock layout rewrites the stock rows and re-warms the gate.
 */
@Injectable()
export class UpdateFlashSaleCmdExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly cache: SaleReadCache,
    private readonly warmer: SaleGateWarmer,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: UpdateFlashSaleCmd): Promise<AdminSaleReading> {
    const sale = await this.sales.getById(cmd.saleId);
    const now = this.clock.now();
    const current = sale.props;

    const strategy = cmd.changes.strategy ?? current.strategy;
    const bucketCount = resolveBucketCount(strategy, cmd.changes.bucketCount, current);
    const changes: FlashSaleChanges = {
      ...cmd.changes,
      ...(cmd.changes.title === undefined ? {} : { title: cmd.changes.title.trim() }),
      ...(typeof bucketCount === 'number' ? { bucketCount } : {}),
    };
    sale.assertChangeableAt(changes, now);

    const merged = sale.withChanges(changes, now);
    const windowChanged =
      merged.props.startsAt.getTime() !== current.startsAt.getTime() ||
      merged.props.endsAt.getTime() !== current.endsAt.getTime();
    assertValidSale(merged.props, now, windowChanged, typeof bucketCount === 'number' ? [] : [bucketCount]);

    const updated = await this.sales.update(merged, current);
    await this.cache.invalidate([updated.id]);
    await this.warmer.afterChange(updated, current, sale.changesStockLayout(changes));
    const remaining = (await this.sales.remainingOf([updated.id])).get(updated.id) ?? 0;
    return { sale: updated, remaining, status: updated.statusAt(this.clock.now()) };
  }
}
