import {
  CAPTCHA_KINDS,
  type CaptchaKind,
  FlashSale,
  type FlashSaleProps,
  STRATEGY_KINDS,
  type StrategyKind,
} from '../../domain/catalog/flash-sale';
import { Product, type ProductProps } from '../../domain/catalog/product';
import { type SaleView } from '../../domain/catalog/sale-view';

/** A SaleView as stored in the cache Redis: JSON with ISO dates. Bump the key version when this changes. */
export const SALE_VIEW_FORMAT = 'v2';

export function encodeSaleView(view: SaleView): unknown {
  const sale = view.sale.props;
  const product = view.product.props;
  return {
    sale: {
      ...sale,
      startsAt: sale.startsAt.toISOString(),
      endsAt: sale.endsAt.toISOString(),
      createdAt: sale.createdAt.toISOString(),
      updatedAt: sale.updatedAt.toISOString(),
    },
    product: {
      ...product,
      createdAt: product.createdAt.toISOString(),
      updatedAt: product.updatedAt.toISOString(),
    },
    remaining: Math.max(0, view.remaining),
  };
}

/** Throws on anything that is not an encoded SaleView (the cache then reads it as a miss). */
export function decodeSaleView(raw: unknown): SaleView {
  const data = record(raw);
  const sale = record(data.sale);
  const product = record(data.product);
  const saleProps: FlashSaleProps = {
    id: text(sale.id),
    productId: text(sale.productId),
    title: text(sale.title),
    salePriceCents: int(sale.salePriceCents),
    stock: int(sale.stock),
    perUserLimit: int(sale.perUserLimit),
    startsAt: date(sale.startsAt),
    endsAt: date(sale.endsAt),
    strategy: strategy(sale.strategy),
    bucketCount: int(sale.bucketCount),
    paymentTimeoutSeconds: int(sale.paymentTimeoutSeconds),
    captchaRequired: bool(sale.captchaRequired),
    captchaKind: captchaKind(sale.captchaKind),
    captchaDifficulty: int(sale.captchaDifficulty),
    createdAt: date(sale.createdAt),
    updatedAt: date(sale.updatedAt),
  };
  const productProps: ProductProps = {
    id: text(product.id),
    name: text(product.name),
    description: nullableText(product.description),
    imageUrl: nullableText(product.imageUrl),
    priceCents: int(product.priceCents),
    createdAt: date(product.createdAt),
    updatedAt: date(product.updatedAt),
  };
  return {
    sale: new FlashSale(saleProps),
    product: new Product(productProps),
    remaining: Math.max(0, int(data.remaining)),
  };
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError('not an object');
  return value as Record<string, unknown>;
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('not a string');
  return value;
}

function nullableText(value: unknown): string | null {
  return value === null ? null : text(value);
}

function int(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError('not an integer');
  return value;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError('not a boolean');
  return value;
}

function date(value: unknown): Date {
  const parsed = new Date(text(value));
  if (Number.isNaN(parsed.getTime())) throw new TypeError('not a date');
  return parsed;
}

function captchaKind(value: unknown): CaptchaKind {
  const kind = text(value) as CaptchaKind;
  if (!CAPTCHA_KINDS.includes(kind)) throw new TypeError('not a captcha kind');
  return kind;
}

function strategy(value: unknown): StrategyKind {
  const kind = text(value) as StrategyKind;
  if (!STRATEGY_KINDS.includes(kind)) throw new TypeError('not a strategy');
  return kind;
}
