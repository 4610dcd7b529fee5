import { Module } from '@nestjs/common';
import { AdminSaleStockController } from '../adapter/http/ordering/admin-sale-stock.controller';
import { OrderTicketsController } from '../adapter/http/ordering/order-tickets.controller';
import { OrdersController } from '../adapter/http/ordering/orders.controller';
import { OrderingModule } from './ordering.module';

/** The ordering context's routes: orders, tickets, and the admin's stock summary and reconciliation. */
@Module({
  imports: [OrderingModule],
  controllers: [OrdersController, OrderTicketsController, AdminSaleStockController],
})
export class OrderingHttpModule {}
