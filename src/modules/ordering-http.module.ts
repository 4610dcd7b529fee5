import { Module } from '@nestjs/common';
import { AdminSaleStockController } from '../adapter/http/ordering/admin-sale-stock.controller';
import { OrderTicketsController } from '../adapter/http/ordering/order-tickets.controller';
import { OrdersController } from '../adapter/http/ordering/orders.controller';
import { AddressRateLimitGuard } from '../adapter/http/risk/address-rate-limit.guard';
import { OrderRateLimitGuard } from '../adapter/http/risk/order-rate-limit.guard';
import { OrderPlacementModule } from './order-placement.module';
import { OrderingModule } from './ordering.module';

/**
 * The ordering context's routes: orders, tickets, and the admin's stock summary and reconciliation. The order
 * route's two rate-limit guards are also providers here, for the order front door (create-http-app.ts).
 */
@Module({
  imports: [OrderingModule, OrderPlacementModule],
  controllers: [OrdersController, OrderTicketsController, AdminSaleStockController],
  providers: [AddressRateLimitGuard, OrderRateLimitGuard],
})
export class OrderingHttpModule {}
