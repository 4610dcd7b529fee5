import { type BucketPart } from './order';

/** What the worker needs to write an async sale's order: the gate has already taken the units. */
export interface QueuedOrder {
  ticketId: string;
  saleId: string;
  userId: string;
  quantity: number;
  bucketNo: number;
  /** Every bucket the units came from (absent in jobs queued before multi-bucket orders: `bucketNo` alone). */
  parts?: BucketPart[];
  idempotencyKey: string | null;
  /** ISO 8601: the order's creation time is the attempt's, not the write's. */
  acceptedAt: string;
}

/** Port: hands accepted attempts to the workers that write MySQL at a steady pace. */
export abstract class OrderPlacementQueue {
  /** The ticket id is the job id, so enqueueing the same ticket twice queues it once. */
  abstract enqueue(order: QueuedOrder): Promise<void>;
  /** True when more jobs wait than the configured bound: new attempts are turned away (503). */
  abstract isSaturated(): Promise<boolean>;
  /** Whether the job of this ticket may still run (waiting, delayed, active): its ticket must not end yet. */
  abstract mayStillRun(ticketId: string): Promise<boolean>;
  /** Accepted attempts not yet written (waiting or being written), all sales together. */
  abstract pending(): Promise<number>;
}
