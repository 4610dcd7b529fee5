import { Module } from '@nestjs/common';
import { PlaceOrderCmdExe } from '../app/ordering/executor/place-order.cmd-exe';
import { CatalogDataModule } from './catalog-data.module';
import { OrderingModule } from './ordering.module';
import { RiskModule } from './risk.module';

/**
 * Placing an order: the one ordering use case that needs the risk context (a sale's captcha). Only the API
 * imports it (OrderingHttpModule), so the worker builds neither it nor the risk context's ban set and captcha
 * store (test/operations/worker-without-http.e2e-spec.ts).
 */
@Module({
  imports: [OrderingModule, RiskModule, CatalogDataModule],
  providers: [PlaceOrderCmdExe],
  exports: [PlaceOrderCmdExe],
})
export class OrderPlacementModule {}
