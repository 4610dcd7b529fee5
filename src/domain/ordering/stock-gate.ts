/**
 * Port: the fast gate in front of MySQL (Redis, one script per attempt). It can be rebuilt from MySQL at any
 * time; MySQL stays the final guard.
 */
export abstract class StockGate {
  /** `reset` overwrites (before the start); `if-absent` only fills a gate that is missing (after a Redis loss). */
  abstract prepare(snapshot: GateSnapshot, mode: 'reset' | 'if-absent'): Promise<void>;
  /** Atomically: open, within the user's limit, stock in the home bucket or another → take it. */
  abstract reserve(request: GateRequest): Promise<GateVerdict>;
  /** Puts units back (a failed write, a cancel, an expiry). */
  abstract giveBack(release: GateRelease): Promise<void>;
  abstract read(saleId: string, bucketCount: number): Promise<GateState | null>;
}

export interface GateSnapshot {
  saleId: string;
  startsAtMs: number;
  endsAtMs: number;
  perUserLimit: number;
  /** Units available per bucket, as MySQL has them. */
  buckets: number[];
  /** Units held by each buyer's live orders. */
  buyers: Record<string, number>;
}

export interface GateRequest {
  saleId: string;
  userId: string;
  quantity: number;
  bucketCount: number;
  homeBucket: number;
  nowMs: number;
}

export type GateVerdict =
  | { ok: true; bucketNo: number }
  | { ok: false; reason: 'not_prepared' | 'not_started' | 'ended' | 'sold_out' | 'limit_exceeded' };

export interface GateRelease {
  saleId: string;
  userId: string;
  quantity: number;
  bucketNo: number;
  /** False when MySQL proved the units were never there (the gate over-counted): only the user's units return. */
  restock?: boolean;
}

export interface GateState {
  buckets: number[];
  buyerUnits: number;
}
