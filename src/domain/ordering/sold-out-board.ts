/**
 * Port: remembers, in process memory, the sales that are sold out, so their losers are rejected without a
 * network hop. A restock (cancel, expiry) clears the mark on every instance.
 */
export abstract class SoldOutBoard {
  abstract isSoldOut(saleId: string): boolean;
  /**
   * True the first time this instance hears of the sell-out since the last restock it heard of: a mark that
   * faded and is set again is no news.
   */
  abstract markSoldOut(saleId: string): boolean;
  /** Clears the mark here and on every other instance. */
  abstract announceRestock(saleId: string): Promise<void>;
}
