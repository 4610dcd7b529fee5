import { Injectable } from '@nestjs/common';
import { type Order } from '../../../../domain/ordering/order';
import { OrderRepository } from '../../../../domain/ordering/order.repository';
import { type Page } from '../../../../domain/shared/page';
import { type ListMyOrdersQry } from './list-my-orders.qry';

@Injectable()
export class ListMyOrdersQryExe {
  constructor(private readonly orders: OrderRepository) {}

  execute(qry: ListMyOrdersQry): Promise<Page<Order>> {
    return this.orders.listForUser(qry.userId, qry.page);
  }
}
