/** What one self-repair round found for one sale. */
export interface RepairRound {
  at: Date;
  /** Stranded attempts whose units (and buyer's count) it gave back. */
  repaired: number;
  /** What it saw, in words: each repair, and drift it left alone (see docs/stock-correctness.md). */
  found: string[];
}

export interface RepairRecord {
  lastRunAt: string;
  /** Repairs in this sale since it started. */
  repairs: number;
  lastFound: string[];
}

/** Port: where self-repair's rounds are recorded, for the summary and /metrics. */
export abstract class StockRepairLog {
  abstract record(saleId: string, round: RepairRound): Promise<void>;
  abstract read(saleId: string): Promise<RepairRecord | null>;
}
