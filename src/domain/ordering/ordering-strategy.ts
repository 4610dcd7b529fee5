import { type FlashSale, type StrategyKind } from '../catalog/flash-sale';
import { type Order } from './order';

export interface PlaceOrder {
  sale: FlashSale;
  userId: string;
  quantity: number;
  idempotencyKey: string | null;
  now: Date;
}

export type RejectionReason = 'not_started' | 'ended' | 'sold_out' | 'limit_exceeded' | 'insufficient';

export type PlaceOutcome =
  | { outcome: 'placed'; order: Order }
  | { outcome: 'queued'; ticketId: string }
  /** `left`: the units left, for `insufficient`. */
  | { outcome: 'rejected'; reason: RejectionReason; left?: number };

/** How a sale turns a shopper's attempt into an order. Each sale names its strategy. */
export interface OrderingStrategy {
  readonly kind: StrategyKind;
  /** Loads the sale's gate (Redis) from MySQL before the sale opens; idempotent. */
  prepare(sale: FlashSale): Promise<void>;
  place(cmd: PlaceOrder): Promise<PlaceOutcome>;
  /** Gives a cancelled or expired order's units back to the gate. MySQL has already taken them back. */
  release(order: Order, sale: FlashSale): Promise<void>;
}

/** Port: picks the implementation for a sale. */
export abstract class OrderingStrategies {
  abstract for(kind: StrategyKind): OrderingStrategy;
}
