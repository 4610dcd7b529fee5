import { type Product } from '../../../domain/catalog/product';
import { type Page } from '../../../domain/shared/page';

export class ProductResponseDto {
  id!: string;
  name!: string;
  description!: string | null;
  imageUrl!: string | null;
  /** The regular price, in cents. */
  priceCents!: number;
  /** ISO 8601, UTC. */
  createdAt!: string;
  /** ISO 8601, UTC. */
  updatedAt!: string;

  static from(product: Product): ProductResponseDto {
    const p = product.props;
    return Object.assign(new ProductResponseDto(), {
      id: p.id,
      name: p.name,
      description: p.description,
      imageUrl: p.imageUrl,
      priceCents: p.priceCents,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    });
  }
}

export class ProductPageResponseDto {
  items!: ProductResponseDto[];
  page!: number;
  pageSize!: number;
  total!: number;

  static from(page: Page<Product>): ProductPageResponseDto {
    return Object.assign(new ProductPageResponseDto(), {
      ...page,
      items: page.items.map((item) => ProductResponseDto.from(item)),
    });
  }
}
