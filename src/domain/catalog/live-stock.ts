import { type FlashSale } from './flash-sale';

/**
 * Port: the units a sale still has at ordering's gate, which counts every attempt at once, while MySQL only
 * learns of an order when it is written (seconds later for async sales). Null when the gate does not hold
 * the sale (not warmed yet, or Redis lost it) or cannot be read.
 */
export abstract class LiveStock {
  abstract remainingOf(sale: FlashSale): Promise<number | null>;
}
