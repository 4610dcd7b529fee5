import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { type Charge, type ChargeResult, PaymentGateway } from '../../domain/ordering/payment-gateway';

/**
 * Stands in for a payment provider: approves every charge but those whose token is "decline". Like a real
 * provider it keeps what it did (the `payments` table, one row per order: the order id is the idempotency key),
 * so a second charge of an order answers the first, and an audit can hold charges − refunds against the paid
 * orders. A decline is not kept: the order stays payable with another card.
 */
@Injectable()
export class SimulatedPaymentGateway extends PaymentGateway {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async charge(charge: Charge): Promise<ChargeResult> {
    await this.latency();
    if (charge.paymentToken === 'decline') return { approved: false, reason: 'the card was declined' };
    await this.dataSource.query(
      `INSERT IGNORE INTO payments (order_id, amount_cents, reference, charged_at) VALUES (?, ?, ?, ?)`,
      [charge.orderId, charge.amountCents, `sim_${randomUUID()}`, new Date()],
    );
    const [row] = await this.dataSource.query<{ reference: string }[]>(
      'SELECT reference FROM payments WHERE order_id = ?',
      [charge.orderId],
    );
    return { approved: true, reference: row.reference };
  }

  async refund(orderId: string): Promise<void> {
    await this.latency();
    await this.dataSource.query(
      'UPDATE payments SET refunded_at = ? WHERE order_id = ? AND refunded_at IS NULL',
      [new Date(), orderId],
    );
  }

  private async latency(): Promise<void> {
    const ms = this.config.ordering.paymentLatencyMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
