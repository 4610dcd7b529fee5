import { Injectable, Logger } from '@nestjs/common';
import { type Order } from '../../../domain/ordering/order';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import {
  BusyError,
  OrderNotPayableError,
  PaymentDeclinedError,
} from '../../../domain/ordering/ordering.errors';
import { PaymentGateway } from '../../../domain/ordering/payment-gateway';
import { NotificationQueue } from '../../../domain/notification/notification.queue';
import { Clock } from '../../../domain/shared/clock';
import { findMyOrder } from '../my-order';
import { type PayOrderCmd } from './pay-order.cmd';

/** A claim outlives any charge: a payer that died holding one frees the order after this. */
const CLAIM_HOLD_MS = 30_000;
/** How long a pay waits for another pay of the same order to finish before answering 503. */
const WAIT_FOR_OTHER_PAY_MS = 10_000;
const POLL_MS = 25;

/**
 * Pays a pending order. The order is claimed first (a guarded update only one pay wins), then the gateway is
 * charged with the order id as its idempotency key, then the guarded close to `paid` decides the race with
 * cancel and expiry; a charge whose close lost is refunded. Concurrent pays of one order wait for the claimant
 * and answer what it did. Paying twice answers the paid order; a declined payment leaves it payable.
 */
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
    let order = await findMyOrder(this.orders, cmd.orderId, cmd.userId);
    const giveUpAt = Date.now() + WAIT_FOR_OTHER_PAY_MS;
    for (;;) {
      if (order.status === 'paid') return order;
      const now = this.clock.now();
      if (!order.isPayableAt(now))
        throw new OrderNotPayableError(order.status === 'pending_payment' ? 'expired' : order.status);
      const claim = await this.orders.claimPayment(order.id, now, new Date(now.getTime() + CLAIM_HOLD_MS));
      if (claim) return this.payClaimed(order, claim, cmd.paymentToken);
      // Another pay holds the order: its outcome is ours.
      if (Date.now() > giveUpAt) throw new BusyError('This order is being paid; look at it again shortly');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      order = (await this.orders.findById(order.id)) ?? order;
    }
  }

  private async payClaimed(order: Order, claim: string, paymentToken: string | null): Promise<Order> {
    let charge;
    try {
      charge = await this.payments.charge({
        orderId: order.id,
        amountCents: order.props.totalCents,
        paymentToken,
      });
    } catch (error) {
      await this.orders.releasePaymentClaim(order.id, claim).catch(() => undefined);
      throw error;
    }
    if (!charge.approved) {
      await this.orders.releasePaymentClaim(order.id, claim);
      throw new PaymentDeclinedError(charge.reason);
    }
    // The guarded update decides the race with cancel and expiry: only one of them moves the stock.
    const paid = await this.orders.close(order.id, 'paid', this.clock.now());
    if (!paid) return this.lostTheRace(order.id, charge.reference);
    this.notify(paid);
    return paid;
  }

  private async lostTheRace(orderId: string, reference: string): Promise<Order> {
    const current = await this.orders.findById(orderId);
    if (current?.status === 'paid') return current;
    await this.payments.refund(orderId);
    this.logger.warn(`Order ${orderId} closed while being paid; charge ${reference} refunded`);
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
