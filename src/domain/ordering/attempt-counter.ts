export type AttemptOutcome = 'accepted' | 'soldOut' | 'limitExceeded' | 'rateLimited' | 'other';

/** Port: counts order attempts per sale by outcome, for the summary. Counting never slows an attempt. */
export abstract class AttemptCounter {
  abstract count(saleId: string, outcome: AttemptOutcome): void;
  abstract read(saleId: string): Promise<Record<AttemptOutcome, number>>;
}
