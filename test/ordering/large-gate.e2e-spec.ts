import { type Redis } from 'ioredis';
import { SweepSaleWarmUpsCmd } from '../../src/app/catalog/executor/sweep-sale-warm-ups.cmd';
import { SweepSaleWarmUpsCmdExe } from '../../src/app/catalog/executor/sweep-sale-warm-ups.cmd-exe';
import { FLASH_SALE_REDIS } from '../../src/infrastructure/redis/redis-clients';
import { StockGateKeys } from '../../src/infrastructure/redis/stock-gate-keys';
import { buy, createSale, createShoppers, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

const EARLIER_BUYERS = 70_000;

/**
 * A large sale's gate, lost by Redis mid-sale, is loaded again from MySQL with every buyer's count. The benchmark's
 * large sale (50,000 shoppers) found the load passing each buyer as its own script argument: past about 65,000
 * arguments V8 throws "Maximum call stack size exceeded" inside ioredis's auto-pipelining, and the worker died of
 * the exception that followed ("results[i] is not iterable").
 */
describe('a sale with tens of thousands of buyers', () => {
  let t: AdminTestApp;
  let redis: Redis;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    redis = t.app.get<Redis>(FLASH_SALE_REDIS);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gets its gate back from MySQL, every buyer held to the limit, by the periodic check', async () => {
    const saleId = await createSale(t.http, t.admin, { stock: 100, perUserLimit: 1, strategy: 'sync' });
    await untilOpen(t.http, saleId);
    const [earlier, newcomer] = await createShoppers(t, 2);
    // As MySQL has it after a large sale: 70,000 buyers (ids the users table does not need), one of them ours.
    const ids = Array.from({ length: EARLIER_BUYERS - 1 }, (_, i) => String(4_000_000_000 + i));
    ids.push(earlier.id);
    for (let from = 0; from < ids.length; from += 10_000) {
      const chunk = ids.slice(from, from + 10_000);
      await t.environment.db.query(
        `INSERT INTO sale_buyers (sale_id, user_id, units) VALUES ${chunk.map(() => '(?, ?, 1)').join(', ')}`,
        chunk.flatMap((id) => [saleId, id]),
      );
    }
    const keys = new StockGateKeys(t.environment.config.redis.keyPrefix);
    await redis.del(
      keys.meta(saleId),
      keys.buyers(saleId),
      keys.inFlight(saleId),
      ...keys.allStock(saleId, 1),
    );

    const swept = await t.app.get(SweepSaleWarmUpsCmdExe).execute(new SweepSaleWarmUpsCmd());

    expect(swept.failed).toBe(0);
    expect(await redis.hlen(keys.buyers(saleId))).toBe(EARLIER_BUYERS);
    expect(await redis.hget(keys.buyers(saleId), earlier.id)).toBe('1');
    const again = await buy(t.http, saleId, earlier);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LIMIT_EXCEEDED');
    expect((await buy(t.http, saleId, newcomer)).status).toBe(201);
  }, 60_000);
});
