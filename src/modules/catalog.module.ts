import { Module } from '@nestjs/common';
import { CatalogSettings } from '../app/catalog/catalog-settings';
import { CreateFlashSaleCmdExe } from '../app/catalog/executor/create-flash-sale.cmd-exe';
import { CreateProductCmdExe } from '../app/catalog/executor/create-product.cmd-exe';
import { DeleteFlashSaleCmdExe } from '../app/catalog/executor/delete-flash-sale.cmd-exe';
import { DeleteProductCmdExe } from '../app/catalog/executor/delete-product.cmd-exe';
import { GetFlashSaleQryExe } from '../app/catalog/executor/query/get-flash-sale.qry-exe';
import { GetProductQryExe } from '../app/catalog/executor/query/get-product.qry-exe';
import { GetSaleQryExe } from '../app/catalog/executor/query/get-sale.qry-exe';
import { ListFlashSalesQryExe } from '../app/catalog/executor/query/list-flash-sales.qry-exe';
import { ListProductsQryExe } from '../app/catalog/executor/query/list-products.qry-exe';
import { ListSalesQryExe } from '../app/catalog/executor/query/list-sales.qry-exe';
import { SaleGateWarmer } from '../app/catalog/sale-gate-warmer';
import { SaleViewLoader } from '../app/catalog/sale-view-loader';
import { GateLiveStock } from '../app/ordering/gate-live-stock';
import { SweepSaleWarmUpsCmdExe } from '../app/catalog/executor/sweep-sale-warm-ups.cmd-exe';
import { UpdateFlashSaleCmdExe } from '../app/catalog/executor/update-flash-sale.cmd-exe';
import { UpdateProductCmdExe } from '../app/catalog/executor/update-product.cmd-exe';
import { WarmUpSaleCmdExe } from '../app/catalog/executor/warm-up-sale.cmd-exe';
import { AppConfig } from '../config/app-config';
import { LiveStock } from '../domain/catalog/live-stock';
import { SaleWarmUpScheduler } from '../domain/catalog/sale-warm-up-scheduler';
import { BullmqSaleWarmUpScheduler } from '../infrastructure/queue/bullmq-sale-warm-up-scheduler';
import { CatalogDataModule } from './catalog-data.module';
import { OrderingModule } from './ordering.module';
import { QueueModule } from './queue.module';

/** The catalog's executors: provided here, exported to the HTTP module and the worker. */
const USE_CASES = [
  CreateProductCmdExe,
  ListProductsQryExe,
  GetProductQryExe,
  UpdateProductCmdExe,
  DeleteProductCmdExe,
  CreateFlashSaleCmdExe,
  ListFlashSalesQryExe,
  GetFlashSaleQryExe,
  UpdateFlashSaleCmdExe,
  DeleteFlashSaleCmdExe,
  GetSaleQryExe,
  ListSalesQryExe,
  WarmUpSaleCmdExe,
  SweepSaleWarmUpsCmdExe,
];

/**
 * The catalog context's use cases: products and flash sales (admin), the storefront's cached reads, and the
 * warm-up of each sale's gate (the gate itself, SaleGatePreparer, belongs to ordering). No HTTP: its routes are
 * in CatalogHttpModule.
 */
@Module({
  imports: [CatalogDataModule, QueueModule, OrderingModule],
  providers: [
    { provide: SaleWarmUpScheduler, useClass: BullmqSaleWarmUpScheduler },
    {
      provide: CatalogSettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig): CatalogSettings => ({
        defaultStrategy: config.ordering.defaultStrategy,
        warmUpLeadMs: config.catalog.warmUp.leadSeconds * 1000,
      }),
    },
    { provide: LiveStock, useClass: GateLiveStock },
    SaleViewLoader,
    SaleGateWarmer,
    ...USE_CASES,
  ],
  exports: [CatalogDataModule, ...USE_CASES],
})
export class CatalogModule {}
