import { type Order } from '../../domain/ordering/order';
import { OrderNotFoundError } from '../../domain/ordering/ordering.errors';
import { type OrderRepository } from '../../domain/ordering/order.repository';

/** Someone else's order is answered exactly like a missing one: 404. */
export async function findMyOrder(orders: OrderRepository, orderId: string, userId: string): Promise<Order> {
  const order = await orders.findById(orderId);
  if (!order || order.props.userId !== userId) throw new OrderNotFoundError();
  return order;
}
