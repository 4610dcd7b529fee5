import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FlashSaleRepository } from '../domain/catalog/flash-sale.repository';
import { ProductRepository } from '../domain/catalog/product.repository';
import { SaleReadCache } from '../domain/catalog/sale-read-cache';
import { FlashSaleOrmEntity } from '../infrastructure/persistence/catalog/flash-sale.orm-entity';
import { ProductOrmEntity } from '../infrastructure/persistence/catalog/product.orm-entity';
import { TypeormFlashSaleRepository } from '../infrastructure/persistence/catalog/typeorm-flash-sale.repository';
import { TypeormProductRepository } from '../infrastructure/persistence/catalog/typeorm-product.repository';
import { RedisSaleReadCache } from '../infrastructure/redis/redis-sale-read-cache';

/**
 * The catalog's data ports (products, sales and the storefront's sale cache), for every context that reads
 * sales. Kept apart from CatalogModule, which needs ordering's SaleGatePreparer, so no module import is circular.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProductOrmEntity, FlashSaleOrmEntity])],
  providers: [
    { provide: ProductRepository, useClass: TypeormProductRepository },
    { provide: FlashSaleRepository, useClass: TypeormFlashSaleRepository },
    { provide: SaleReadCache, useClass: RedisSaleReadCache },
  ],
  exports: [ProductRepository, FlashSaleRepository, SaleReadCache],
})
export class CatalogDataModule {}
