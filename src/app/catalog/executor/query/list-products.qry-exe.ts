import { Injectable } from '@nestjs/common';
import { type Product } from '../../../../domain/catalog/product';
import { ProductRepository } from '../../../../domain/catalog/product.repository';
import { type Page } from '../../../../domain/shared/page';
import { type ListProductsQry } from './list-products.qry';

@Injectable()
export class ListProductsQryExe {
  constructor(private readonly products: ProductRepository) {}

  execute(qry: ListProductsQry): Promise<Page<Product>> {
    return this.products.list(qry.page, qry.name === undefined ? {} : { name: qry.name });
  }
}
