/** What an idempotent order request answered the first time. */
export type RememberedAnswer =
  | { kind: 'placed'; orderId: string }
  | { kind: 'queued'; ticketId: string }
  | { kind: 'rejected'; code: string; message: string };

export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'answered'; answer: RememberedAnswer }
  | { state: 'in_progress' }
  | { state: 'mismatch' };

/**
 * Port: the same Idempotency-Key from the same user returns the first answer. The first request claims the
 * key; duplicates that arrive meanwhile wait for its answer.
 */
export abstract class IdempotencyStore {
  /** `fingerprint` binds the key to one request (sale and quantity): reusing it for another is refused. */
  abstract claim(userId: string, key: string, fingerprint: string): Promise<IdempotencyClaim>;
  abstract remember(
    userId: string,
    key: string,
    fingerprint: string,
    answer: RememberedAnswer,
  ): Promise<void>;
  /** Lets a retry proceed after a failure that decided nothing (a 503). */
  abstract release(userId: string, key: string): Promise<void>;
}
