import { type Order } from './order';

/** Port: makes sure an unpaid order is expired at its `expiresAt` (a sweeper catches any that slip). */
export abstract class OrderExpiryScheduler {
  /** Orders placed together (of one sale): due when the last of them is, moments after the first. */
  abstract scheduleAll(orders: Order[]): Promise<void>;
}
