import { Injectable } from '@nestjs/common';
import { ProductNotFoundError } from '../../../domain/catalog/catalog.errors';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { type Product } from '../../../domain/catalog/product';
import { ProductRepository } from '../../../domain/catalog/product.repository';
import { SaleReadCache } from '../../../domain/catalog/sale-read-cache';
import { type UpdateProductCmd } from './update-product.cmd';

/** Sales show their product, so a changed product drops the cached copies of its sales everywhere. */
@Injectable()
export class UpdateProductCmdExe {
  constructor(
    private readonly products: ProductRepository,
    private readonly sales: FlashSaleRepository,
    private readonly cache: SaleReadCache,
  ) {}

  async execute(cmd: UpdateProductCmd): Promise<Product> {
    const changes = {
      ...cmd.changes,
      ...(cmd.changes.name === undefined ? {} : { name: cmd.changes.name.trim() }),
    };
    const product = await this.products.update(cmd.productId, changes);
    if (!product) throw new ProductNotFoundError();
    await this.cache.invalidate(await this.sales.idsOfProduct(product.id));
    return product;
  }
}
