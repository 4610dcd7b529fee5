import { type BucketPart } from './order';

/**
 * Port: the fast gate in front of MySQL (Redis: a script call per attempt, or per attempts arriving together). It can be rebuilt from MySQL at any
 * time; MySQL stays the final guard.
 */
export abstract class StockGate {
  /** `reset` overwrites (before the start); `if-absent` only fills a gate that is missing (after a Redis loss). */
  abstract prepare(snapshot: GateSnapshot, mode: 'reset' | 'if-absent'): Promise<void>;
  /**
   * Atomically: open, units left, within the user's limit, enough units left → take them, from the home bucket
   * or another (several when no single bucket holds enough), and note the attempt as in flight.
   */
  abstract reserve(request: GateRequest): Promise<GateVerdict>;
  /**
   * Puts units back (a failed write, a cancel, an expiry). With an attempt id, only while that attempt is in
   * flight, and only once: returns false when it had already settled (nothing moved).
   */
  abstract giveBack(release: GateRelease): Promise<boolean>;
  /** The attempt's order is written: it is no longer in flight. */
  abstract settle(saleId: string, attemptId: string): Promise<void>;
  /** Attempts that took units and have not settled yet. */
  abstract inFlight(saleId: string): Promise<InFlightAttempt[]>;
  abstract read(saleId: string, bucketCount: number): Promise<GateState | null>;
  /** Whether the sale's gate is loaded (one key lookup: a large sale's buyers are not read). */
  abstract isPrepared(saleId: string): Promise<boolean>;
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
  /** Names the attempt while it is in flight: its order's attempt id (the ticket id for async sales). */
  attemptId: string;
}

export type GateVerdict = GateTaken | { ok: false; reason: 'not_prepared' } | GateRefusal;

/** The units are taken: from these buckets (`bucketNo`: the first of them). */
export interface GateTaken {
  ok: true;
  bucketNo: number;
  parts: BucketPart[];
}

/** A prepared gate's refusal: the shopper's answer (not a fault). */
export type GateRefusal =
  | { ok: false; reason: 'not_started' | 'ended' | 'limit_exceeded' }
  /** Nothing left to take; `inFlight` attempts still hold units whose orders are not written yet. */
  | { ok: false; reason: 'sold_out'; inFlight?: number }
  | { ok: false; reason: 'insufficient'; left: number };

export interface GateRelease {
  saleId: string;
  userId: string;
  quantity: number;
  /** Where the units go back to: the buckets they came from. */
  parts: BucketPart[];
  /** The attempt whose units these are, when no order holds them (a failed or stranded attempt). */
  attemptId?: string;
  /** False when MySQL proved the units were never there (the gate over-counted): only the user's units return. */
  restock?: boolean;
}

export interface InFlightAttempt {
  attemptId: string;
  userId: string;
  quantity: number;
  acceptedAtMs: number;
  parts: BucketPart[];
}

export interface GateState {
  buckets: number[];
  buyerUnits: number;
}
