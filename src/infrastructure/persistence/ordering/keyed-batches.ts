interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Hands items to `write` in batches, one batch per key at a time: while a key's batch is being written, the
 * items that arrive for it gather into the next one. A lone item is written at once; under load the batches
 * grow by themselves, up to `maxBatch`. `write` settles each item of its batch on its own.
 */
export class KeyedBatches<T, R> {
  private readonly waiting = new Map<string, Waiting<T, R>[]>();

  constructor(
    private readonly maxBatch: number,
    private readonly write: (batch: T[]) => Promise<PromiseSettledResult<R>[]>,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.waiting.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  /** Runs while the key has items; its queue stays in the map until then, which marks it as being written. */
  private async drain(key: string): Promise<void> {
    const queue = this.waiting.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((waiting) => waiting.item));
        batch.forEach((waiting, i) => settle(waiting, results[i]));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.waiting.delete(key);
  }
}

function settle<R>(waiting: Waiting<unknown, R>, result: PromiseSettledResult<R> | undefined): void {
  if (result === undefined) waiting.reject(new Error('The batch writer gave no result for an item'));
  else if (result.status === 'fulfilled') waiting.resolve(result.value);
  else waiting.reject(result.reason);
}
