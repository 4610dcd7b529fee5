import { Injectable } from '@nestjs/common';
import { ProductNotFoundError } from '../../../domain/catalog/catalog.errors';
import { type NewFlashSale } from '../../../domain/catalog/flash-sale';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { ProductRepository } from '../../../domain/catalog/product.repository';
import { SaleReadCache } from '../../../domain/catalog/sale-read-cache';
import { assertValidSale, resolveBucketCount, SALE_DEFAULTS } from '../../../domain/catalog/sale-rules';
import { type FieldProblem, ValidationError } from '../../../domain/shared/domain-error';
import { Clock } from '../../../domain/shared/clock';
import { CatalogSettings } from '../catalog-settings';
import { type CreateFlashSaleCmd } from './create-flash-sale.cmd';
import { SaleGateWarmer } from '../sale-gate-warmer';
import { type AdminSaleReading } from '../sale-readings';

const UNKNOWN_PRODUCT: FieldProblem = { field: 'productId', message: 'does not name a product' };

/** Creates the sale and its stock rows (one transaction), then schedules its warm-up. */
@Injectable()
export class CreateFlashSaleCmdExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly products: ProductRepository,
    private readonly cache: SaleReadCache,
    private readonly warmer: SaleGateWarmer,
    private readonly settings: CatalogSettings,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: CreateFlashSaleCmd): Promise<AdminSaleReading> {
    const input = cmd.fields;
    const now = this.clock.now();
    const product = await this.products.findById(input.productId);
    const strategy = input.strategy ?? this.settings.defaultStrategy;
    const bucketCount = resolveBucketCount(strategy, input.bucketCount);
    const problems = [
      ...(product ? [] : [UNKNOWN_PRODUCT]),
      ...(typeof bucketCount === 'number' ? [] : [bucketCount]),
    ];
    const draft: NewFlashSale = {
      productId: input.productId,
      title: input.title?.trim() || (product?.props.name ?? ''),
      salePriceCents: input.salePriceCents,
      stock: input.stock,
      perUserLimit: input.perUserLimit ?? SALE_DEFAULTS.perUserLimit,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      strategy,
      bucketCount: typeof bucketCount === 'number' ? bucketCount : 1,
      paymentTimeoutSeconds: input.paymentTimeoutSeconds ?? SALE_DEFAULTS.paymentTimeoutSeconds,
      captchaRequired: input.captchaRequired ?? SALE_DEFAULTS.captchaRequired,
      captchaKind: input.captchaKind ?? SALE_DEFAULTS.captchaKind,
      captchaDifficulty: input.captchaDifficulty ?? SALE_DEFAULTS.captchaDifficulty,
    };
    assertValidSale(draft, now, true, problems);

    let sale;
    try {
      sale = await this.sales.insert(draft);
    } catch (error) {
      if (error instanceof ProductNotFoundError) throw new ValidationError([UNKNOWN_PRODUCT]);
      throw error;
    }
    // A shopper may have asked for this id before it existed: forget that "not found".
    await this.cache.invalidate([sale.id]);
    await this.warmer.afterChange(sale);
    return { sale, remaining: sale.props.stock, status: sale.statusAt(this.clock.now()) };
  }
}
