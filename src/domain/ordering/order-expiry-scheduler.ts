import { type Order } from './order';

/** Port: makes sure an unpaid order is expired at its `expiresAt` (a sweeper catches any that slip). */
export abstract class OrderExpiryScheduler {
  abstract schedule(order: Order): Promise<void>;
}
