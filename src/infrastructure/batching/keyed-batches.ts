interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** When a key's first batch goes: `flush` runs now, or later. */
export type Defer = (flush: () => void) => void;
/** The batch goes at once: a lone item is not held back; the batches grow under load by themselves. */
export const AT_ONCE: Defer = (flush) => flush();
/** The batch goes once the current turn of the event loop is over (every I/O callback of it has run). */
export const AFTER_THIS_TURN: Defer = (flush) => setImmediate(flush);

/**
 * Gathers the items submitted for a key and hands them to `send` together, in the order they came, at most
 * `maxBatch` at a time; while a key's batch is out, the items that arrive gather into the next, sent when it
 * comes back. MySQL's order writes use it per stock row (`AT_ONCE`: one transaction locks the hot row once per
 * batch), Redis's gate and queue per sale (`AFTER_THIS_TURN`: every attempt of one turn shares one script call).
 * Under a crowd, one call then serves as many items as arrived during one round trip. `send` answers each item
 * in its batch's order (an answer may itself be a settled result, for items that fail on their own); a batch
 * that fails as a whole fails each of its items, and the next batch still goes.
 */
export class KeyedBatches<T, R> {
  private readonly waiting = new Map<string, Waiting<T, R>[]>();
  private readonly sending = new Set<string>();
  /** Batches sent and items in them, for the adapter's numbers (and the test that they coalesce). */
  readonly stats = { batches: 0, items: 0 };

  constructor(
    private readonly maxBatch: number,
    private readonly send: (key: string, batch: T[]) => Promise<R[]>,
    private readonly defer: Defer = AFTER_THIS_TURN,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be ≥ 1, got ${maxBatch}`);
  }

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.waiting.set(key, [{ item, resolve, reject }]);
      // A key with a batch out is sent again when that batch comes back.
      if (!this.sending.has(key)) this.defer(() => void this.drain(key));
    });
  }

  private async drain(key: string): Promise<void> {
    this.sending.add(key);
    try {
      for (let queue = this.waiting.get(key); queue; queue = this.waiting.get(key)) {
        const batch = queue.splice(0, this.maxBatch);
        if (queue.length === 0) this.waiting.delete(key);
        this.stats.batches++;
        this.stats.items += batch.length;
        await this.sendOne(key, batch);
      }
    } finally {
      this.sending.delete(key);
    }
  }

  private async sendOne(key: string, batch: Waiting<T, R>[]): Promise<void> {
    try {
      // A `send` that throws at once fails its batch like one whose promise rejects.
      const results = await Promise.resolve().then(() =>
        this.send(
          key,
          batch.map((waiting) => waiting.item),
        ),
      );
      batch.forEach((waiting, i) =>
        i < results.length
          ? waiting.resolve(results[i])
          : waiting.reject(new Error('The batch gave no answer for an item')),
      );
    } catch (error) {
      batch.forEach((waiting) => waiting.reject(error));
    }
  }
}
