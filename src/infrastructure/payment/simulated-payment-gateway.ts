import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Charge, type ChargeResult, PaymentGateway } from '../../domain/ordering/payment-gateway';

/** Stands in for a payment provider: approves every charge but those whose token is "decline". */
@Injectable()
export class SimulatedPaymentGateway extends PaymentGateway {
  charge(charge: Charge): Promise<ChargeResult> {
    if (charge.paymentToken === 'decline') {
      return Promise.resolve({ approved: false, reason: 'the card was declined' });
    }
    return Promise.resolve({ approved: true, reference: `sim_${randomUUID()}` });
  }
}
