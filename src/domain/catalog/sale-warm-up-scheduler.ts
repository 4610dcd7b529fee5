/** Port: runs a sale's warm-up (loading its gate) a lead time before its start. */
export abstract class SaleWarmUpScheduler {
  /**
   * Warms the sale after `delayMs`. Idempotent per sale and start time; scheduling for a new start time drops
   * the job of `previousStartsAt`.
   */
  abstract schedule(saleId: string, startsAt: Date, delayMs: number, previousStartsAt?: Date): Promise<void>;
  abstract cancel(saleId: string, startsAt: Date): Promise<void>;
}
