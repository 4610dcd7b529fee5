import { type CaptchaKind, FlashSale, type StrategyKind } from '../../../domain/catalog/flash-sale';
import { Product } from '../../../domain/catalog/product';
import { type FlashSaleOrmEntity } from './flash-sale.orm-entity';
import { type ProductOrmEntity } from './product.orm-entity';

export function toProduct(row: ProductOrmEntity): Product {
  return new Product({
    id: String(row.id),
    name: row.name,
    description: row.description,
    imageUrl: row.imageUrl,
    priceCents: Number(row.priceCents),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

export function toFlashSale(row: FlashSaleOrmEntity): FlashSale {
  return new FlashSale({
    id: String(row.id),
    productId: String(row.productId),
    title: row.title,
    salePriceCents: Number(row.salePriceCents),
    stock: Number(row.stock),
    perUserLimit: Number(row.perUserLimit),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    strategy: row.strategy as StrategyKind,
    bucketCount: Number(row.bucketCount),
    paymentTimeoutSeconds: Number(row.paymentTimeoutSeconds),
    captchaRequired: Boolean(row.captchaRequired),
    captchaKind: row.captchaKind as CaptchaKind,
    captchaDifficulty: Number(row.captchaDifficulty),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
