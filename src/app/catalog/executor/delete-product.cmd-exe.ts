import { Injectable } from '@nestjs/common';
import { ProductInUseError, ProductNotFoundError } from '../../../domain/catalog/catalog.errors';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { ProductRepository } from '../../../domain/catalog/product.repository';
import { SaleReadCache } from '../../../domain/catalog/sale-read-cache';
import { Clock } from '../../../domain/shared/clock';
import { type DeleteProductCmd } from './delete-product.cmd';

/** Soft delete; refused (409 CONFLICT) while a sale of the product is running or still to come. */
@Injectable()
export class DeleteProductCmdExe {
  constructor(
    private readonly products: ProductRepository,
    private readonly sales: FlashSaleRepository,
    private readonly cache: SaleReadCache,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: DeleteProductCmd): Promise<void> {
    const outcome = await this.products.deleteUnlessOnSale(cmd.productId, this.clock.now());
    if (outcome === 'not-found') throw new ProductNotFoundError();
    if (outcome === 'on-sale') throw new ProductInUseError();
    // Its ended sales disappear with it.
    await this.cache.invalidate(await this.sales.idsOfProduct(cmd.productId));
  }
}
