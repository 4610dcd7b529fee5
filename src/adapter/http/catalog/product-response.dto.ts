import { type Product } from '../../../domain/catalog/product';
import { PageResponseOf } from '../common/page-response.dto';

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

export class ProductPageResponseDto extends PageResponseOf(ProductResponseDto, (item: Product) =>
  ProductResponseDto.from(item),
) {}
