import { Module } from '@nestjs/common';
import { AdminFlashSalesController } from '../adapter/http/catalog/admin-flash-sales.controller';
import { AdminProductsController } from '../adapter/http/catalog/admin-products.controller';
import { FlashSalesController } from '../adapter/http/catalog/flash-sales.controller';
import { CatalogModule } from './catalog.module';

/** The catalog context's routes: the admin's products and sales, the storefront's sale reads. */
@Module({
  imports: [CatalogModule],
  controllers: [AdminProductsController, AdminFlashSalesController, FlashSalesController],
})
export class CatalogHttpModule {}
