import { Injectable } from '@nestjs/common';
import { type Order } from '../../../domain/ordering/order';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import { OrderNotCancellableError } from '../../../domain/ordering/ordering.errors';
import { Clock } from '../../../domain/shared/clock';
import { type CancelOrderCmd } from './cancel-order.cmd';
import { findMyOrder } from '../my-order';
import { OrderReleaser } from '../order-releaser';

/** Cancels a pending order; its units go back on sale. Cancelling twice answers the cancelled order. */
@Injectable()
export class CancelOrderCmdExe {
  constructor(
    private readonly orders: OrderRepository,
    private readonly releaser: OrderReleaser,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: CancelOrderCmd): Promise<Order> {
    const order = await findMyOrder(this.orders, cmd.orderId, cmd.userId);
    if (order.status === 'cancelled') return order;
    if (order.status !== 'pending_payment') throw new OrderNotCancellableError(order.status);
    const cancelled = await this.orders.close(order.id, 'cancelled', this.clock.now());
    if (!cancelled) {
      const current = await this.orders.findById(order.id);
      if (current?.status === 'cancelled') return current;
      throw new OrderNotCancellableError(current?.status ?? 'gone');
    }
    await this.releaser.release(cancelled);
    return cancelled;
  }
}
