export interface Charge {
  orderId: string;
  amountCents: number;
  paymentToken: string | null;
}

export type ChargeResult = { approved: true; reference: string } | { approved: false; reason: string };

/** Port: takes the money. The platform ships a simulated one; a real provider plugs in here. */
export abstract class PaymentGateway {
  abstract charge(charge: Charge): Promise<ChargeResult>;
}
