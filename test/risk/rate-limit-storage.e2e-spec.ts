import { type Redis } from 'ioredis';
import {
  createRateLimitStorage,
  type ScriptedThrottlerStorage,
} from '../../src/infrastructure/redis/rate-limit-storage';
import { createTestEnvironment, type TestEnvironment } from '../support/test-environment';

describe('rate-limit store (real Redis)', () => {
  let t: TestEnvironment;
  let storage: ScriptedThrottlerStorage;
  const sent: string[] = [];

  beforeAll(async () => {
    t = await createTestEnvironment();
    storage = await createRateLimitStorage(t.config);
    const redis = storage.redis as Redis;
    const sendCommand = redis.sendCommand.bind(redis);
    redis.sendCommand = (command, stream) => {
      sent.push(command.name);
      return sendCommand(command, stream);
    };
  });
  afterAll(async () => {
    storage.onModuleDestroy();
    await t.dispose();
  });

  it('counts hits in a window, blocks past the limit, and sends its script by SHA after the first count', async () => {
    const count = () => storage.increment('address:203.0.113.7', 60_000, 2, 60_000, 'default');
    const first = await count();
    sent.length = 0;
    const second = await count();
    const third = await count();

    expect(first).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(second).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 60 });
    expect(sent).toEqual(['evalsha', 'evalsha']);
    // The library's keys, under this suite's prefix.
    const keys = await t.redis.keys(`${t.config.redis.keyPrefix}throttle:*`);
    expect(keys.sort()).toEqual([
      `${t.config.redis.keyPrefix}throttle:{address:203.0.113.7:default}:blocked`,
      `${t.config.redis.keyPrefix}throttle:{address:203.0.113.7:default}:hits`,
    ]);
  });
});
