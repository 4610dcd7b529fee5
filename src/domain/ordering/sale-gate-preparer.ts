import { type FlashSale } from '../catalog/flash-sale';

/** Port: loads a sale's gate (Redis) from what MySQL says is available. Idempotent. */
export abstract class SaleGatePreparer {
  /** Before the start: (re)loads the gate from MySQL. After the start: loads it only where it is missing. */
  abstract prepare(sale: FlashSale): Promise<void>;
}
