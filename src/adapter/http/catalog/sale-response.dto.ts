import { type SaleReading } from '../../../app/catalog/sale-readings';
import { type CaptchaKind, type SaleStatus } from '../../../domain/catalog/flash-sale';
import { PageResponseOf } from '../common/page-response.dto';

export class SaleProductDto {
  id!: string;
  name!: string;
  description!: string | null;
  imageUrl!: string | null;
  /** The regular price, in cents. */
  priceCents!: number;
}

/** Sale: what a shopper sees. May lag an admin change or an order by a moment (it is cached). */
export class SaleResponseDto {
  id!: string;
  title!: string;
  product!: SaleProductDto;
  salePriceCents!: number;
  stock!: number;
  /** Units neither reserved nor sold yet; never negative. */
  remaining!: number;
  perUserLimit!: number;
  /** ISO 8601, UTC. */
  startsAt!: string;
  /** ISO 8601, UTC. */
  endsAt!: string;
  status!: SaleStatus;
  captchaRequired!: boolean;
  /** Which captcha GET /api/flash-sales/:id/captcha hands out when captchaRequired. */
  captchaKind!: CaptchaKind;
  /** pow: altcha's maxnumber (the work a solver does, half of it on average). */
  captchaDifficulty!: number;
  /** The server's clock when it answered (ISO 8601, UTC), for a countdown that does not trust the device. */
  serverTime!: string;

  static from(reading: SaleReading): SaleResponseDto {
    const s = reading.sale.props;
    const p = reading.product.props;
    return Object.assign(new SaleResponseDto(), {
      id: s.id,
      title: s.title,
      product: Object.assign(new SaleProductDto(), {
        id: p.id,
        name: p.name,
        description: p.description,
        imageUrl: p.imageUrl,
        priceCents: p.priceCents,
      }),
      salePriceCents: s.salePriceCents,
      stock: s.stock,
      remaining: Math.max(0, reading.remaining),
      perUserLimit: s.perUserLimit,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      status: reading.status,
      captchaRequired: s.captchaRequired,
      captchaKind: s.captchaKind,
      captchaDifficulty: s.captchaDifficulty,
      serverTime: reading.serverTime.toISOString(),
    });
  }
}

export class SalePageResponseDto extends PageResponseOf(SaleResponseDto, (item: SaleReading) =>
  SaleResponseDto.from(item),
) {}
