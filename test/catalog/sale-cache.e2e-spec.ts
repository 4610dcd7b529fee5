import { Redis } from 'ioredis';
import { FlashSaleRepository } from '../../src/domain/catalog/flash-sale.repository';
import { eventually } from '../support/accounts';
import { type HttpClient } from '../support/http-client';
import { startRedisServer } from '../support/processes';
import { type AdminTestApp, startAppInstance, startAppWithAdmin } from '../support/test-app';
import { createProduct, createSale } from './catalog-fixtures';
import { SALE_VIEW_FORMAT } from '../../src/infrastructure/redis/sale-view.codec';

type Instance = Awaited<ReturnType<typeof startAppInstance>>;

/** Spies on the real repository of an app: the only way to count the reads that reached MySQL. */
function mysqlReads(app: Instance['app']) {
  const spy = jest.spyOn(app.get(FlashSaleRepository), 'findById');
  spy.mockClear();
  return {
    of: (id: string) => spy.mock.calls.filter(([calledWith]) => calledWith === id).length,
    total: () => spy.mock.calls.length,
  };
}

function parallel(http: HttpClient, path: string, times: number) {
  return Promise.all(Array.from({ length: times }, () => http.get(path)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the sale cache (two instances on one MySQL and Redis)', () => {
  let t: AdminTestApp;
  let b: Instance;
  let admin: string;
  let productId: string;
  let cacheRedis: Redis;

  beforeAll(async () => {
    // Long local and Redis TTLs: whatever is seen fresh within a second got there by invalidation, not expiry.
    t = await startAppWithAdmin({
      SALE_CACHE_LOCAL_TTL_MS: '60000',
      SALE_CACHE_REDIS_TTL_SECONDS: '600',
      SALE_CACHE_NOT_FOUND_TTL_SECONDS: '3',
    });
    b = await startAppInstance(t.environment.config);
    admin = t.admin;
    productId = (await createProduct(t.http, admin)).id;
    cacheRedis = new Redis(t.environment.config.redis.cacheUrl, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    cacheRedis.disconnect();
    await b.close();
    await t.close();
  });

  const cacheKey = (saleId: string) =>
    `${t.environment.config.redis.keyPrefix}cache:{sale:${saleId}}:${SALE_VIEW_FORMAT}`;

  it('1,000 parallel reads of a cold sale reach MySQL once, and fill Redis with a jittered TTL', async () => {
    const sale = await createSale(t.http, admin, productId, { title: 'Cold start' });
    const reads = mysqlReads(t.app);
    const answers = await parallel(t.http, `/api/flash-sales/${sale.id}`, 1000);
    expect(answers.filter((res) => res.status === 200)).toHaveLength(1000);
    expect(new Set(answers.map((res) => res.body.title))).toEqual(new Set(['Cold start']));
    expect(reads.of(sale.id)).toBe(1);

    const ttl = await cacheRedis.ttl(cacheKey(sale.id));
    expect(ttl).toBeGreaterThanOrEqual(470);
    expect(ttl).toBeLessThanOrEqual(720);
    // The other instance finds it in Redis.
    const readsB = mysqlReads(b.app);
    expect((await b.http.get(`/api/flash-sales/${sale.id}`)).body.title).toBe('Cold start');
    expect(readsB.of(sale.id)).toBe(0);
  });

  it('1,000 parallel reads of a cold sale spread over two instances still reach MySQL once', async () => {
    const sale = await createSale(t.http, admin, productId);
    const [readsA, readsB] = [mysqlReads(t.app), mysqlReads(b.app)];
    const answers = (
      await Promise.all([
        parallel(t.http, `/api/flash-sales/${sale.id}`, 500),
        parallel(b.http, `/api/flash-sales/${sale.id}`, 500),
      ])
    ).flat();
    expect(answers.every((res) => res.status === 200 && res.body.id === sale.id)).toBe(true);
    expect(readsA.of(sale.id) + readsB.of(sale.id)).toBe(1);
  });

  it('1,000 parallel reads of unknown ids reach MySQL at most once per id, and the 404 is shared', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => String(900_000_000 + i));
    const reads = mysqlReads(t.app);
    const answers = (
      await Promise.all(ids.map((id) => parallel(t.http, `/api/flash-sales/${id}`, 100)))
    ).flat();
    expect(answers.filter((res) => res.status === 404)).toHaveLength(1000);
    expect(answers[0].body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'The flash sale was not found',
      details: [],
    });
    for (const id of ids) expect([id, reads.of(id)]).toEqual([id, 1]);

    const readsB = mysqlReads(b.app);
    for (const id of ids) expect((await b.http.get(`/api/flash-sales/${id}`)).status).toBe(404);
    expect(readsB.total()).toBe(0);
  });

  it('an unknown id does not reach MySQL twice within the not-found TTL, and does after it', async () => {
    const id = '910000000';
    const [readsA, readsB] = [mysqlReads(t.app), mysqlReads(b.app)];
    expect((await t.http.get(`/api/flash-sales/${id}`)).status).toBe(404);
    await sleep(1000);
    expect((await t.http.get(`/api/flash-sales/${id}`)).status).toBe(404);
    expect((await b.http.get(`/api/flash-sales/${id}`)).status).toBe(404);
    expect(readsA.of(id) + readsB.of(id)).toBe(1);
    // The not-found TTL is 3 s (±20%, in whole seconds); after it, MySQL is asked again.
    await sleep(3600);
    expect((await b.http.get(`/api/flash-sales/${id}`)).status).toBe(404);
    expect(readsA.of(id) + readsB.of(id)).toBe(2);
  });

  it('a sale created under an id cached as "not found" is visible at once on every instance', async () => {
    const [{ next }] = await t.environment.db.query('SELECT MAX(id) + 1 AS next FROM flash_sales');
    const nextId = String(next);
    expect((await t.http.get(`/api/flash-sales/${nextId}`)).status).toBe(404);
    expect((await b.http.get(`/api/flash-sales/${nextId}`)).status).toBe(404);
    const sale = await createSale(t.http, admin, productId);
    expect(sale.id).toBe(nextId);
    expect((await t.http.get(`/api/flash-sales/${nextId}`)).status).toBe(200);
    const seen = await eventually(async () => {
      const res = await b.http.get(`/api/flash-sales/${nextId}`);
      return res.status === 200 ? res : undefined;
    }, 1000);
    expect(seen.body.id).toBe(nextId);
  });

  it('an admin update is visible on the second instance within a second', async () => {
    const sale = await createSale(t.http, admin, productId, { title: 'Before' });
    const readsB = mysqlReads(b.app);
    expect((await b.http.get(`/api/flash-sales/${sale.id}`)).body.title).toBe('Before');
    expect((await b.http.get(`/api/flash-sales/${sale.id}`)).body.title).toBe('Before');
    expect(readsB.of(sale.id)).toBeLessThanOrEqual(1);

    const res = await t.http.patch(
      `/api/admin/flash-sales/${sale.id}`,
      { title: 'After', salePriceCents: 4200 },
      { token: admin },
    );
    expect(res.status).toBe(200);
    // Committed when the admin has the answer: from then on, a second at most.
    const changed = Date.now();
    const seen = await eventually(async () => {
      const read = await b.http.get(`/api/flash-sales/${sale.id}`);
      return read.body.title === 'After' ? read : undefined;
    }, 1000);
    expect(Date.now() - changed).toBeLessThan(1000);
    expect(seen.body.salePriceCents).toBe(4200);
    // The instance that made the change never serves the old copy.
    expect((await t.http.get(`/api/flash-sales/${sale.id}`)).body.title).toBe('After');
  });

  it('a product update reaches the sales that show it, on every instance, within a second', async () => {
    const product = await createProduct(t.http, admin, { name: 'Old name' });
    const sale = await createSale(t.http, admin, product.id);
    expect((await b.http.get(`/api/flash-sales/${sale.id}`)).body.product.name).toBe('Old name');
    await t.http.patch(`/api/admin/products/${product.id}`, { name: 'New name' }, { token: admin });
    await eventually(async () => {
      const read = await b.http.get(`/api/flash-sales/${sale.id}`);
      return read.body.product.name === 'New name' ? true : undefined;
    }, 1000);
  });

  it('a deleted sale disappears from every instance within a second, list pages included', async () => {
    const sale = await createSale(t.http, admin, productId, {
      startsAt: '2500-01-01T00:00:00Z',
      endsAt: '2500-01-02T00:00:00Z',
    });
    expect((await b.http.get(`/api/flash-sales/${sale.id}`)).status).toBe(200);
    expect((await b.http.get('/api/flash-sales?status=upcoming&pageSize=1')).body.items[0].id).toBe(sale.id);
    expect((await t.http.delete(`/api/admin/flash-sales/${sale.id}`, { token: admin })).status).toBe(204);
    await eventually(
      async () => ((await b.http.get(`/api/flash-sales/${sale.id}`)).status === 404 ? true : undefined),
      1000,
    );
    await eventually(async () => {
      const page = await b.http.get('/api/flash-sales?status=upcoming&pageSize=1');
      return page.body.items[0]?.id !== sale.id ? true : undefined;
    }, 1000);
  });
});

describe('the sale cache when the cache Redis is down', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let redisRunning = false;
  let t: AdminTestApp;
  let admin: string;
  let productId: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    redisRunning = true;
    t = await startAppWithAdmin({ CACHE_REDIS_URL: redis.url, SALE_CACHE_LOCAL_TTL_MS: '200' });
    admin = t.admin;
    productId = (await createProduct(t.http, admin)).id;
  });
  afterAll(async () => {
    await t.close().catch(() => undefined);
    // stop() of test/support waits for an exit that already happened when called twice: only stop a live one.
    if (redisRunning) await redis.stop();
  });

  it('reads still answer from MySQL (slower, not failing), and the cache recovers with Redis', async () => {
    const sale = await createSale(t.http, admin, productId, { title: 'Outage' });
    expect((await t.http.get(`/api/flash-sales/${sale.id}`)).status).toBe(200);
    const cacheKey = `${t.environment.config.redis.keyPrefix}cache:{sale:${sale.id}}:${SALE_VIEW_FORMAT}`;
    const probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    expect(await probe.exists(cacheKey)).toBe(1);
    probe.disconnect();

    await redis.stop();
    redisRunning = false;
    await sleep(300);
    const reads = mysqlReads(t.app);
    const started = Date.now();
    const answers = await parallel(t.http, `/api/flash-sales/${sale.id}`, 200);
    expect(answers.map((res) => res.status)).toEqual(Array(200).fill(200));
    expect(Date.now() - started).toBeLessThan(3000);
    // MySQL answered (Redis could not), yet a handful of reads served the burst: the in-process single flight
    // and LRU do not need Redis (one read per local TTL of 200 ms at most).
    expect(reads.of(sale.id)).toBeGreaterThanOrEqual(1);
    expect(reads.of(sale.id)).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 200) + 1);

    // Admin changes still show at once on this instance; unknown ids are still 404.
    expect(
      (
        await t.http.patch(
          `/api/admin/flash-sales/${sale.id}`,
          { title: 'Changed in the dark' },
          { token: admin },
        )
      ).status,
    ).toBe(200);
    const fresh = await t.http.get(`/api/flash-sales/${sale.id}`);
    expect(fresh.body.title).toBe('Changed in the dark');
    expect((await t.http.get('/api/flash-sales/987654321')).status).toBe(404);
    expect((await t.http.get('/api/flash-sales?pageSize=5')).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      await sleep(250);
      const before = Date.now();
      expect((await t.http.get(`/api/flash-sales/${sale.id}`)).status).toBe(200);
      expect(Date.now() - before).toBeLessThan(1000);
    }

    redis = await startRedisServer(redis.port);
    redisRunning = true;
    const back = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      await eventually(async () => {
        await t.http.get(`/api/flash-sales/${sale.id}`);
        return (await back.exists(cacheKey)) === 1 ? true : undefined;
      }, 15000);
      const stored = JSON.parse((await back.get(cacheKey)) ?? '{}');
      expect(stored.value.sale.title).toBe('Changed in the dark');
    } finally {
      back.disconnect();
    }
  });
});
