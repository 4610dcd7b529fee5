import { AT_ONCE, KeyedBatches } from './keyed-batches';

function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('KeyedBatches, AT_ONCE (MySQL writes)', () => {
  it('writes a lone item at once and gathers the ones arriving meanwhile into the next batch', async () => {
    const gate = deferred();
    const batches: number[][] = [];
    const batcher = new KeyedBatches<number, number>(
      10,
      async (_key, batch) => {
        batches.push(batch);
        if (batches.length === 1) await gate.promise;
        return batch.map((n) => n * 2);
      },
      AT_ONCE,
    );
    const first = batcher.submit('a', 1);
    const rest = [2, 3, 4].map((n) => batcher.submit('a', n));
    gate.release();
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('never writes more than maxBatch items at once, and keeps keys apart', async () => {
    const gate = deferred();
    const batches: string[][] = [];
    const batcher = new KeyedBatches<string, string>(
      2,
      async (_key, batch) => {
        batches.push(batch);
        await gate.promise;
        return batch;
      },
      AT_ONCE,
    );
    const all = ['a1', 'a2', 'a3', 'a4', 'a5'].map((s) => batcher.submit('a', s));
    all.push(batcher.submit('b', 'b1'));
    gate.release();
    await Promise.all(all);
    expect(batches).toEqual([['a1'], ['b1'], ['a2', 'a3'], ['a4', 'a5']]);
  });

  it('answers each item with its own settled result, and a failed write rejects only its batch', async () => {
    let calls = 0;
    const batcher = new KeyedBatches<number, PromiseSettledResult<number>>(
      10,
      (_key, batch) => {
        calls++;
        if (calls === 2) return Promise.reject(new Error('connection lost'));
        return Promise.resolve(
          batch.map((n) =>
            n % 2 ? { status: 'fulfilled', value: n } : { status: 'rejected', reason: new Error(`no ${n}`) },
          ),
        );
      },
      AT_ONCE,
    );
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.submit('k', n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((results[0] as PromiseFulfilledResult<PromiseSettledResult<number>>).value).toEqual({
      status: 'fulfilled',
      value: 1,
    });
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('connection lost');
    expect(await batcher.submit('k', 5)).toEqual({ status: 'fulfilled', value: 5 });
  });
});
