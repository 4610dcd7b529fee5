import { Injectable } from '@nestjs/common';
import { type Order } from '../../../../domain/ordering/order';
import { OrderRepository } from '../../../../domain/ordering/order.repository';
import { type GetMyOrderQry } from './get-my-order.qry';
import { findMyOrder } from '../../my-order';

@Injectable()
export class GetMyOrderQryExe {
  constructor(private readonly orders: OrderRepository) {}

  execute(qry: GetMyOrderQry): Promise<Order> {
    return findMyOrder(this.orders, qry.orderId, qry.userId);
  }
}
