/**
 * Key layout of one sale's gate. Every key of a sale shares the hash tag `{sale:<id>}`, so each Lua script
 * touches one Redis Cluster slot. Bucket keys are separate keys, which is what a later move of buckets to
 * their own slots (one tag per bucket, a script per bucket) would build on.
 */
export class StockGateKeys {
  constructor(private readonly prefix: string) {}

  private base(saleId: string): string {
    return `${this.prefix}fs:{sale:${saleId}}`;
  }
  meta(saleId: string): string {
    return `${this.base(saleId)}:meta`;
  }
  buyers(saleId: string): string {
    return `${this.base(saleId)}:buyers`;
  }
  /** Attempts that took units and have no order yet (hash: attempt id → user|quantity|accepted at|parts). */
  inFlight(saleId: string): string {
    return `${this.base(saleId)}:inflight`;
  }
  /** Self-repair's record of the sale (last run, repairs, what it found). */
  repairs(saleId: string): string {
    return `${this.base(saleId)}:repairs`;
  }
  stock(saleId: string, bucketNo: number): string {
    return `${this.base(saleId)}:stock:${bucketNo}`;
  }
  allStock(saleId: string, bucketCount: number): string[] {
    return Array.from({ length: bucketCount }, (_, bucket) => this.stock(saleId, bucket));
  }
  attempts(saleId: string): string {
    return `${this.base(saleId)}:attempts`;
  }
}
