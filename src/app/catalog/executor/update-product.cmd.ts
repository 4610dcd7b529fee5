import { type ProductChanges } from '../../../domain/catalog/product';

export class UpdateProductCmd {
  constructor(
    readonly productId: string,
    /** Only the fields to change; null clears description or imageUrl. */
    readonly changes: ProductChanges,
  ) {}
}
