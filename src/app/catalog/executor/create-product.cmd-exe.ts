import { Injectable } from '@nestjs/common';
import { type Product } from '../../../domain/catalog/product';
import { ProductRepository } from '../../../domain/catalog/product.repository';
import { type CreateProductCmd } from './create-product.cmd';

@Injectable()
export class CreateProductCmdExe {
  constructor(private readonly products: ProductRepository) {}

  execute(cmd: CreateProductCmd): Promise<Product> {
    return this.products.insert({
      name: cmd.name.trim(),
      description: cmd.description,
      imageUrl: cmd.imageUrl,
      priceCents: cmd.priceCents,
    });
  }
}
