import { type AdminSaleReading } from '../../../app/catalog/sale-readings';
import { type CaptchaKind, type SaleStatus, type StrategyKind } from '../../../domain/catalog/flash-sale';
import { PageResponseOf } from '../common/page-response.dto';

/** AdminSale: everything stored about a sale, with the units left and its status now. */
export class AdminSaleResponseDto {
  id!: string;
  productId!: string;
  title!: string;
  salePriceCents!: number;
  stock!: number;
  /** Units neither reserved nor sold (MySQL). */
  remaining!: number;
  perUserLimit!: number;
  /** ISO 8601, UTC. */
  startsAt!: string;
  /** ISO 8601, UTC. */
  endsAt!: string;
  status!: SaleStatus;
  strategy!: StrategyKind;
  /** The stock buckets: 1 for sync and async sales. */
  bucketCount!: number;
  paymentTimeoutSeconds!: number;
  captchaRequired!: boolean;
  /** Which captcha GET /api/flash-sales/:id/captcha hands out when captchaRequired. */
  captchaKind!: CaptchaKind;
  /** pow: altcha's maxnumber (the work a solver does, half of it on average). */
  captchaDifficulty!: number;
  /** ISO 8601, UTC. */
  createdAt!: string;
  /** ISO 8601, UTC. */
  updatedAt!: string;

  static from(reading: AdminSaleReading): AdminSaleResponseDto {
    const s = reading.sale.props;
    return Object.assign(new AdminSaleResponseDto(), {
      id: s.id,
      productId: s.productId,
      title: s.title,
      salePriceCents: s.salePriceCents,
      stock: s.stock,
      remaining: reading.remaining,
      perUserLimit: s.perUserLimit,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      status: reading.status,
      strategy: s.strategy,
      bucketCount: s.bucketCount,
      paymentTimeoutSeconds: s.paymentTimeoutSeconds,
      captchaRequired: s.captchaRequired,
      captchaKind: s.captchaKind,
      captchaDifficulty: s.captchaDifficulty,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    });
  }
}

export class AdminSalePageResponseDto extends PageResponseOf(AdminSaleResponseDto, (item: AdminSaleReading) =>
  AdminSaleResponseDto.from(item),
) {}
