import { Injectable, Logger } from '@nestjs/common';
import { type Order } from '../../domain/ordering/order';
import { OrderRepository } from '../../domain/ordering/order.repository';
import { OrderNotPayableError, PaymentDeclinedError } from '../../domain/ordering/ordering.errors';
import { PaymentGateway } from '../../domain/ordering/payment-gateway';
import { NotificationQueue } from '../../domain/notification/notification.queue';
import { Clock } from '../../domain/shared/clock';
import { findMyOrder } from './my-order';
import { type PayOrderCmd } from './pay-order.cmd';

/** Pays a pending order. Paying twice answers the paid order; a declined payment leaves it payable. */
@Injectable()
export class PayOrderCmdExe {
  private readonly logger = new Logger(PayOrderCmdExe.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly payments: PaymentGateway,
    private readonly notifications: NotificationQueue,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: PayOrderCmd): Promise<Order> {
    const order = await findMyOrder(this.orders, cmd.orderId, cmd.userId);
    if (order.status === 'paid') return order;
    const now = this.clock.now();
    if (!order.isPayableAt(now))
      throw new OrderNotPayableError(order.status === 'pending_payment' ? 'expired' : order.status);

    const charge = await this.payments.charge({
      orderId: order.id,
      amountCents: order.props.totalCents,
      paymentToken: cmd.paymentToken,
    });
    if (!charge.approved) throw new PaymentDeclinedError(charge.reason);

    // The guarded update decides the race with cancel and expiry: only one of them moves the stock.
    const paid = await this.orders.close(order.id, 'paid', now);
    if (!paid) return this.lostTheRace(order.id, charge.reference);
    this.notify(paid);
    return paid;
  }

  private async lostTheRace(orderId: string, reference: string): Promise<Order> {
    const current = await this.orders.findById(orderId);
    if (current?.status === 'paid') return current;
    this.logger.warn(`Order ${orderId} closed while being paid; charge ${reference} must be refunded`);
    throw new OrderNotPayableError(current?.status ?? 'gone');
  }

  private notify(order: Order): void {
    this.notifications
      .enqueue({
        userId: order.props.userId,
        kind: 'payment_accepted',
        title: 'Payment accepted',
        body: `Order ${order.id} is paid: ${order.props.totalCents} cents.`,
        data: { orderId: order.id, saleId: order.props.saleId },
        dedupeKey: `payment-accepted-${order.id}`,
      })
      .catch((error) => this.logger.warn(`Payment notification not queued: ${String(error)}`));
  }
}
