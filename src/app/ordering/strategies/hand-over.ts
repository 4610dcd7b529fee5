import { type BucketPart } from '../../../domain/ordering/order';
import { type PlaceOrder, type PlaceOutcome } from '../../../domain/ordering/ordering-strategy';

/** The units the gate gave an attempt. */
export interface TakenUnits {
  /** Names the attempt in the gate's in-flight list and on its order (the ticket id when queued). */
  attemptId: string;
  bucketNo: number;
  parts: BucketPart[];
}

/**
 * Policy: how an attempt that holds units becomes an order: written now (sync) or queued with a ticket
 * (async). Whatever fails after the gate must give the units back or leave them to a write still in flight.
 */
export abstract class HandOver {
  /** Refuses before the gate takes anything (a full queue); resolves when the attempt may go ahead. */
  abstract admit(): Promise<void>;
  abstract handOver(cmd: PlaceOrder, taken: TakenUnits): Promise<PlaceOutcome>;
  /**
   * Whether units in flight may come back because this hand-over's writes are failing now: a `SOLD_OUT` would
   * then be premature. No by default (a queue's writes fail in the worker, where this process cannot see them).
   */
  writesFailing(): boolean {
    return false;
  }
}
