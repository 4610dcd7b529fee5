export type OrderStatus = 'pending_payment' | 'paid' | 'cancelled' | 'expired';

export interface OrderProps {
  id: string;
  saleId: string;
  userId: string;
  /** The stock bucket the units came from, and go back to. */
  bucketNo: number;
  quantity: number;
  unitPriceCents: number;
  totalCents: number;
  status: OrderStatus;
  /** One per accepted gate reservation (the ticket id for async sales): a retried write finds its order. */
  attemptId: string;
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
}

/** Units of one sale reserved for one buyer: awaiting payment, then paid, or given back (cancelled, expired). */
export class Order {
  constructor(readonly props: Readonly<OrderProps>) {}

  get id(): string {
    return this.props.id;
  }
  get status(): OrderStatus {
    return this.props.status;
  }

  /** Still holds units: counts against stock and against the buyer's limit. */
  get isLive(): boolean {
    return this.props.status === 'pending_payment' || this.props.status === 'paid';
  }

  isPayableAt(now: Date): boolean {
    return this.props.status === 'pending_payment' && now < this.props.expiresAt;
  }
}

/** What the stock transaction writes for an accepted attempt. */
export interface NewOrder {
  saleId: string;
  userId: string;
  bucketNo: number;
  quantity: number;
  unitPriceCents: number;
  perUserLimit: number;
  attemptId: string;
  idempotencyKey: string | null;
  createdAt: Date;
  expiresAt: Date;
}
