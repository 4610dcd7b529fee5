import { Injectable } from '@nestjs/common';
import { ProductNotFoundError } from '../../../../domain/catalog/catalog.errors';
import { type Product } from '../../../../domain/catalog/product';
import { ProductRepository } from '../../../../domain/catalog/product.repository';
import { type GetProductQry } from './get-product.qry';

@Injectable()
export class GetProductQryExe {
  constructor(private readonly products: ProductRepository) {}

  async execute(qry: GetProductQry): Promise<Product> {
    const product = await this.products.findById(qry.productId);
    if (!product) throw new ProductNotFoundError();
    return product;
  }
}
