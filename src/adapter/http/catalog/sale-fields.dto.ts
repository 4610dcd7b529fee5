import { type FlashSale, type CaptchaKind, type SaleStatus } from '../../../domain/catalog/flash-sale';

/** What a sale shows shoppers (Sale) and admins (AdminSale) alike; each response adds its own fields. */
export abstract class SaleFieldsDto {
  id!: string;
  title!: string;
  salePriceCents!: number;
  stock!: number;
  /** Units neither reserved nor sold: MySQL's count for an admin; never negative for a shopper. */
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

  /** The shared fields of `sale`, with the units left and the status as read. */
  protected static fieldsOf(sale: FlashSale, remaining: number, status: SaleStatus): SaleFieldsDto {
    const s = sale.props;
    return {
      id: s.id,
      title: s.title,
      salePriceCents: s.salePriceCents,
      stock: s.stock,
      remaining,
      perUserLimit: s.perUserLimit,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      status,
      captchaRequired: s.captchaRequired,
      captchaKind: s.captchaKind,
      captchaDifficulty: s.captchaDifficulty,
    };
  }
}
