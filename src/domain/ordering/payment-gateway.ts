export interface Charge {
  /** Also the charge's idempotency key: the gateway charges an order at most once, however often asked. */
  orderId: string;
  amountCents: number;
  paymentToken: string | null;
}

export type ChargeResult = { approved: true; reference: string } | { approved: false; reason: string };

/** Port: takes the money, and gives it back. The platform ships a simulated one; a real provider plugs in here. */
export abstract class PaymentGateway {
  abstract charge(charge: Charge): Promise<ChargeResult>;
  /** Gives an order's charge back (it lost its race to a cancel or an expiry). Idempotent. */
  abstract refund(orderId: string): Promise<void>;
}
