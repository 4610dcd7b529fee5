import { type Redis } from 'ioredis';
import { LayeredCache } from './layered-cache';

/** A cache Redis that is down: the layered cache must work from its local layer and the loader alone. */
function downRedis(): Redis {
  return { status: 'reconnecting', defineCommand: () => undefined } as unknown as Redis;
}

function cache(overrides: { localTtlMs?: number; localNotFoundTtlMs?: number } = {}) {
  const warnings: string[] = [];
  const layered = new LayeredCache<{ name: string }>({
    redis: downRedis(),
    key: (id) => `k:${id}`,
    lockKey: (id) => `k:${id}:lock`,
    localTtlMs: overrides.localTtlMs ?? 60_000,
    localNotFoundTtlMs: overrides.localNotFoundTtlMs ?? 60_000,
    redisTtlSeconds: 30,
    redisNotFoundTtlSeconds: 5,
    maxLocalEntries: 100,
    encode: (value) => value,
    decode: (raw) => raw as { name: string },
    warn: (message) => warnings.push(message),
  });
  return { layered, warnings };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LayeredCache without Redis', () => {
  it('runs one load for many concurrent reads of a key (single flight), then serves it locally', async () => {
    const { layered } = cache();
    const gate = deferred<{ name: string }>();
    const load = jest.fn(() => gate.promise);
    const reads = Array.from({ length: 500 }, () => layered.get('1', load));
    gate.resolve({ name: 'one' });
    expect(await Promise.all(reads)).toEqual(Array(500).fill({ name: 'one' }));
    expect(await layered.get('1', load)).toEqual({ name: 'one' });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('remembers "not found" for its own TTL', async () => {
    const { layered } = cache({ localTtlMs: 60_000, localNotFoundTtlMs: 30 });
    const load = jest.fn(() => Promise.resolve(null));
    expect(await layered.get('404', load)).toBeNull();
    expect(await layered.get('404', load)).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await layered.get('404', load)).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed load', async () => {
    const { layered } = cache();
    const load = jest
      .fn()
      .mockRejectedValueOnce(new Error('MySQL down'))
      .mockResolvedValueOnce({ name: 'ok' });
    await expect(layered.get('1', load)).rejects.toThrow('MySQL down');
    expect(await layered.get('1', load)).toEqual({ name: 'ok' });
  });

  it('after an invalidation, reads load again, and a load begun before it is not kept', async () => {
    const { layered } = cache();
    const stale = deferred<{ name: string }>();
    const first = layered.get('1', () => stale.promise);
    layered.invalidateLocal(['1']);
    const fresh = jest.fn(() => Promise.resolve({ name: 'fresh' }));
    expect(await layered.get('1', fresh)).toEqual({ name: 'fresh' });
    stale.resolve({ name: 'stale' });
    expect(await first).toEqual({ name: 'stale' });
    // The stale result did not overwrite the fresh one.
    expect(await layered.get('1', () => Promise.resolve({ name: 'never' }))).toEqual({ name: 'fresh' });
    layered.clearLocal();
    expect(await layered.get('1', () => Promise.resolve({ name: 'after clear' }))).toEqual({
      name: 'after clear',
    });
  });

  it('keys are independent', async () => {
    const { layered } = cache();
    const load = jest.fn((id: string) => Promise.resolve({ name: id }));
    await Promise.all(['a', 'b', 'a', 'c', 'b'].map((id) => layered.get(id, () => load(id))));
    expect(load).toHaveBeenCalledTimes(3);
  });
});
