export type OrderStatus = 'pending_payment' | 'paid' | 'cancelled' | 'expired';

/** Units of an order taken from one stock bucket. */
export interface BucketPart {
  bucketNo: number;
  units: number;
}

/** `0:2,3:1`: the buckets an order's units came from, as the gate and MySQL store them. */
export function encodeParts(parts: readonly BucketPart[]): string {
  return parts.map((part) => `${part.bucketNo}:${part.units}`).join(',');
}

export function decodeParts(text: string): BucketPart[] {
  return text.split(',').map((pair) => {
    const [bucketNo, units] = pair.split(':').map(Number);
    return { bucketNo, units };
  });
}

export interface OrderProps {
  id: string;
  saleId: string;
  userId: string;
  /** The (first) stock bucket the units came from. */
  bucketNo: number;
  /** Every bucket the units came from, and go back to (one for most orders). */
  parts: BucketPart[];
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

/** What the stock transaction writes for an accepted attempt: the order's own fields, and the buyer's limit. */
export interface NewOrder extends Pick<
  OrderProps,
  | 'saleId'
  | 'userId'
  | 'bucketNo'
  | 'parts'
  | 'quantity'
  | 'unitPriceCents'
  | 'attemptId'
  | 'idempotencyKey'
  | 'createdAt'
  | 'expiresAt'
> {
  perUserLimit: number;
}
