import { KeyedBatches } from './keyed-batches';

/** A hand-cranked event loop: each `turn()` runs the flushes deferred so far. */
function manualLoop(): { defer: (flush: () => void) => void; turn: () => void } {
  let due: (() => void)[] = [];
  return {
    defer: (flush) => due.push(flush),
    turn: () => {
      const now = due;
      due = [];
      now.forEach((flush) => flush());
    },
  };
}

describe('KeyedBatches', () => {
  it('sends the items of one key submitted in one turn together, in order, and answers each', async () => {
    const loop = manualLoop();
    const sent: [string, number[]][] = [];
    const batches = new KeyedBatches<number, number>(
      100,
      (key, batch) => {
        sent.push([key, batch]);
        return Promise.resolve(batch.map((n) => n * 10));
      },
      loop.defer,
    );
    const answers = Promise.all([1, 2, 3, 4, 5].map((n) => batches.submit('sale-a', n)));
    expect(sent).toEqual([]);
    loop.turn();
    await expect(answers).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(sent).toEqual([['sale-a', [1, 2, 3, 4, 5]]]);
    expect(batches.stats).toEqual({ batches: 1, items: 5 });
  });

  it('keeps keys apart and starts a new batch in the next turn', async () => {
    const loop = manualLoop();
    const sent: [string, number[]][] = [];
    const batches = new KeyedBatches<number, number>(
      100,
      (key, batch) => {
        sent.push([key, batch]);
        return Promise.resolve(batch);
      },
      loop.defer,
    );
    const first = [batches.submit('a', 1), batches.submit('b', 2), batches.submit('a', 3)];
    loop.turn();
    await Promise.all(first);
    const second = batches.submit('a', 4);
    loop.turn();
    await second;
    expect(sent).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
      ['a', [4]],
    ]);
    expect(batches.stats).toEqual({ batches: 3, items: 4 });
  });

  it('gathers what arrives while a batch is out into the next one, sent when that batch comes back', async () => {
    const loop = manualLoop();
    const sent: number[][] = [];
    let release!: () => void;
    const out = new Promise<void>((resolve) => (release = resolve));
    const batches = new KeyedBatches<number, number>(
      100,
      async (_key, batch) => {
        sent.push(batch);
        if (sent.length === 1) await out;
        return batch;
      },
      loop.defer,
    );
    const first = batches.submit('a', 1);
    loop.turn();
    const later = [2, 3, 4].map((n) => batches.submit('a', n));
    loop.turn(); // nothing was deferred: the key has a batch out
    await Promise.resolve();
    expect(sent).toEqual([[1]]);
    release();
    await expect(Promise.all([first, ...later])).resolves.toEqual([1, 2, 3, 4]);
    expect(sent).toEqual([[1], [2, 3, 4]]);
  });

  it('splits a turn larger than maxBatch into batches of at most maxBatch', async () => {
    const loop = manualLoop();
    const sizes: number[] = [];
    const batches = new KeyedBatches<number, number>(
      3,
      (_key, batch) => {
        sizes.push(batch.length);
        return Promise.resolve(batch);
      },
      loop.defer,
    );
    const answers = Promise.all(Array.from({ length: 8 }, (_, n) => batches.submit('a', n)));
    loop.turn();
    await expect(answers).resolves.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 2]);
  });

  it('fails every item of a batch that fails, whether send rejects or throws, and only that batch', async () => {
    const loop = manualLoop();
    const batches = new KeyedBatches<number, number>(
      100,
      (key, batch) => {
        if (key === 'throws') throw new Error('thrown');
        if (key === 'rejects') return Promise.reject(new Error('rejected'));
        return Promise.resolve(batch);
      },
      loop.defer,
    );
    const thrown = [batches.submit('throws', 1), batches.submit('throws', 2)];
    const rejected = batches.submit('rejects', 3);
    const fine = batches.submit('fine', 4);
    loop.turn();
    await expect(Promise.allSettled(thrown)).resolves.toEqual([
      { status: 'rejected', reason: new Error('thrown') },
      { status: 'rejected', reason: new Error('thrown') },
    ]);
    await expect(rejected).rejects.toThrow('rejected');
    await expect(fine).resolves.toBe(4);
  });

  it('fails an item the batch gave no answer for', async () => {
    const loop = manualLoop();
    const batches = new KeyedBatches<number, number>(100, () => Promise.resolve([7]), loop.defer);
    const answers = [batches.submit('a', 1), batches.submit('a', 2)];
    loop.turn();
    await expect(answers[0]).resolves.toBe(7);
    await expect(answers[1]).rejects.toThrow('no answer');
  });

  it('waits for the real event loop by default: a lone item still goes on its own', async () => {
    const sent: number[][] = [];
    const batches = new KeyedBatches<number, number>(100, (_key, batch) => {
      sent.push(batch);
      return Promise.resolve(batch);
    });
    await expect(Promise.all([batches.submit('a', 1), batches.submit('a', 2)])).resolves.toEqual([1, 2]);
    await expect(batches.submit('a', 3)).resolves.toBe(3);
    expect(sent).toEqual([[1, 2], [3]]);
  });

  it('refuses a batch size below 1', () => {
    expect(() => new KeyedBatches<number, number>(0, (_key, batch) => Promise.resolve(batch))).toThrow(
      'maxBatch',
    );
  });
});
