export interface BucketStock {
  bucketNo: number;
  total: number;
  available: number;
  reserved: number;
  sold: number;
}

export interface OrderTotals {
  pendingPayment: number;
  paid: number;
  cancelled: number;
  expired: number;
  /** Units in pending and paid orders. */
  reservedUnits: number;
  soldUnits: number;
  buyers: number;
  revenueCents: number;
}

/** Port: what MySQL says about a sale's stock and orders: for warm-up, the summary and reconciliation. */
export abstract class StockLedger {
  abstract buckets(saleId: string): Promise<BucketStock[]>;
  /** Units held by each buyer's live orders. */
  abstract buyers(saleId: string): Promise<Record<string, number>>;
  /** Stock rows and order totals read from one consistent snapshot, so a commit in between cannot skew them. */
  abstract snapshot(saleId: string): Promise<{ buckets: BucketStock[]; totals: OrderTotals }>;
  /** Rewrites stock rows and buyer quotas from the orders themselves (the orders are the record). */
  abstract rebuildFromOrders(saleId: string): Promise<void>;
}
