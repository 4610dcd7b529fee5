import { STRATEGY_KINDS } from '../../src/domain/catalog/flash-sale';
import { registerAndLogIn } from '../support/accounts';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';
import {
  createProduct,
  createSale,
  fieldsOf,
  fromNow,
  HOUR,
  idsOf,
  MINUTE,
  stockRows,
} from './catalog-fixtures';

const ADMIN_SALE_FIELDS = [
  'bucketCount',
  'captchaDifficulty',
  'captchaKind',
  'captchaRequired',
  'createdAt',
  'endsAt',
  'id',
  'paymentTimeoutSeconds',
  'perUserLimit',
  'productId',
  'remaining',
  'salePriceCents',
  'startsAt',
  'status',
  'stock',
  'strategy',
  'title',
  'updatedAt',
].sort();

const SALE_FIELDS = [
  'captchaDifficulty',
  'captchaKind',
  'captchaRequired',
  'endsAt',
  'id',
  'perUserLimit',
  'product',
  'remaining',
  'salePriceCents',
  'serverTime',
  'startsAt',
  'status',
  'stock',
  'title',
].sort();

describe('flash sales: admin and storefront (real HTTP, MySQL, Redis)', () => {
  let t: AdminTestApp;
  let admin: string;
  let product: { id: string; name: string; priceCents: number };

  beforeAll(async () => {
    // A default strategy other than the built-in one proves the default comes from the configuration.
    t = await startAppWithAdmin({ ORDERING_DEFAULT_STRATEGY: 'bucketed' });
    admin = t.admin;
    product = await createProduct(t.http, admin, { name: 'Jordan 1', priceCents: 18000 });
  });
  afterAll(() => t.close());

  const countSales = async () => {
    const [{ n }] = await t.environment.db.query('SELECT COUNT(*) AS n FROM flash_sales');
    return Number(n);
  };
  const makeRunning = (saleId: string) =>
    t.environment.db.query(
      'UPDATE flash_sales SET starts_at = NOW(3) - INTERVAL 1 MINUTE, ends_at = NOW(3) + INTERVAL 1 HOUR WHERE id = ?',
      [saleId],
    );
  const makeEnded = (saleId: string) =>
    t.environment.db.query(
      'UPDATE flash_sales SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR WHERE id = ?',
      [saleId],
    );

  describe('create', () => {
    it('applies the defaults of API.md, the strategy from ORDERING_DEFAULT_STRATEGY, and splits the stock', async () => {
      const startsAt = fromNow(2 * HOUR);
      const endsAt = fromNow(3 * HOUR);
      const res = await t.http.post(
        '/api/admin/flash-sales',
        { productId: product.id, salePriceCents: 9900, stock: 100, startsAt, endsAt },
        { token: admin },
      );
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(ADMIN_SALE_FIELDS);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        productId: product.id,
        title: 'Jordan 1',
        salePriceCents: 9900,
        stock: 100,
        remaining: 100,
        perUserLimit: 1,
        startsAt,
        endsAt,
        status: 'upcoming',
        strategy: 'bucketed',
        bucketCount: 8,
        paymentTimeoutSeconds: 900,
        captchaRequired: false,
        captchaKind: 'pow',
        captchaDifficulty: 100000,
      });
      const rows = await stockRows(t.environment.db, res.body.id);
      expect(rows.map((row) => row.bucketNo)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(rows.map((row) => row.total)).toEqual([13, 13, 13, 13, 12, 12, 12, 12]);
      for (const row of rows) expect(row).toMatchObject({ available: row.total, reserved: 0, sold: 0 });
    });

    it('keeps a sync or async sale in exactly one stock row, bucket 0', async () => {
      for (const strategy of ['sync', 'async']) {
        const sale = await createSale(t.http, admin, product.id, {
          strategy,
          stock: 7,
          title: 'One row',
          perUserLimit: 3,
          paymentTimeoutSeconds: 60,
          captchaRequired: true,
        });
        expect(sale).toMatchObject({
          strategy,
          bucketCount: 1,
          title: 'One row',
          perUserLimit: 3,
          paymentTimeoutSeconds: 60,
          captchaRequired: true,
        });
        expect(await stockRows(t.environment.db, sale.id)).toEqual([
          { bucketNo: 0, total: 7, available: 7, reserved: 0, sold: 0 },
        ]);
      }
    });

    it('splits a bucketed sale over the buckets asked for, fewer units than buckets included', async () => {
      const sale = await createSale(t.http, admin, product.id, {
        strategy: 'bucketed',
        bucketCount: 4,
        stock: 2,
      });
      expect((await stockRows(t.environment.db, sale.id)).map((row) => row.total)).toEqual([1, 1, 0, 0]);
    });

    it('accepts a time zone offset and answers in UTC', async () => {
      const sale = await createSale(t.http, admin, product.id, {
        startsAt: '2099-06-01T12:00:00+02:00',
        endsAt: '2099-06-01T13:30:00.5-01:00',
      });
      expect(sale.startsAt).toBe('2099-06-01T10:00:00.000Z');
      expect(sale.endsAt).toBe('2099-06-01T14:30:00.500Z');
    });

    const valid = () => ({
      productId: product.id,
      salePriceCents: 9900,
      stock: 100,
      startsAt: fromNow(HOUR),
      endsAt: fromNow(2 * HOUR),
    });

    it.each<[string, (base: Record<string, unknown>) => Record<string, unknown>, string, string]>([
      ['no productId', ({ productId: _, ...rest }) => rest, 'productId', 'must be a string'],
      ['a productId that is no id', (b) => ({ ...b, productId: 'abc' }), 'productId', 'must be a product id'],
      ['an unknown product', (b) => ({ ...b, productId: '987654' }), 'productId', 'does not name a product'],
      ['a blank title', (b) => ({ ...b, title: '  ' }), 'title', 'must not be blank'],
      ['a null title', (b) => ({ ...b, title: null }), 'title', 'must be a string'],
      [
        'a long title',
        (b) => ({ ...b, title: 'x'.repeat(201) }),
        'title',
        'must be shorter than or equal to 200 characters',
      ],
      [
        'no salePriceCents',
        ({ salePriceCents: _, ...rest }) => rest,
        'salePriceCents',
        'must be an integer number',
      ],
      [
        'a negative price',
        (b) => ({ ...b, salePriceCents: -1 }),
        'salePriceCents',
        'must not be less than 0',
      ],
      [
        'a fractional price',
        (b) => ({ ...b, salePriceCents: 9.99 }),
        'salePriceCents',
        'must be an integer number',
      ],
      ['no stock', ({ stock: _, ...rest }) => rest, 'stock', 'must be an integer number'],
      ['zero stock', (b) => ({ ...b, stock: 0 }), 'stock', 'must not be less than 1'],
      ['too much stock', (b) => ({ ...b, stock: 10_000_001 }), 'stock', 'must not be greater than 10000000'],
      ['stock as text', (b) => ({ ...b, stock: '100' }), 'stock', 'must be an integer number'],
      ['perUserLimit 0', (b) => ({ ...b, perUserLimit: 0 }), 'perUserLimit', 'must not be less than 1'],
      [
        'perUserLimit 101',
        (b) => ({ ...b, perUserLimit: 101 }),
        'perUserLimit',
        'must not be greater than 100',
      ],
      ['no startsAt', ({ startsAt: _, ...rest }) => rest, 'startsAt', 'must be a string'],
      [
        'a startsAt that is no date',
        (b) => ({ ...b, startsAt: 'tomorrow' }),
        'startsAt',
        'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T10:00:00Z',
      ],
      [
        'a startsAt without a time zone',
        (b) => ({ ...b, startsAt: '2099-01-01T10:00:00' }),
        'startsAt',
        'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T10:00:00Z',
      ],
      [
        'an impossible endsAt',
        (b) => ({ ...b, endsAt: '2099-02-30T10:00:00Z' }),
        'endsAt',
        'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T10:00:00Z',
      ],
      ['endsAt equal to startsAt', (b) => ({ ...b, endsAt: b.startsAt }), 'endsAt', 'must be after startsAt'],
      [
        'endsAt before startsAt',
        (b) => ({ ...b, endsAt: fromNow(30 * MINUTE) }),
        'endsAt',
        'must be after startsAt',
      ],
      [
        'endsAt in the past',
        (b) => ({ ...b, startsAt: fromNow(-2 * HOUR), endsAt: fromNow(-HOUR) }),
        'endsAt',
        'must be in the future',
      ],
      [
        'an unknown strategy',
        (b) => ({ ...b, strategy: 'magic' }),
        'strategy',
        'must be one of sync, async, bucketed',
      ],
      [
        'bucketCount for a sync sale',
        (b) => ({ ...b, strategy: 'sync', bucketCount: 4 }),
        'bucketCount',
        'can only be set for the bucketed strategy',
      ],
      [
        'bucketCount 0',
        (b) => ({ ...b, strategy: 'bucketed', bucketCount: 0 }),
        'bucketCount',
        'must not be less than 1',
      ],
      [
        'bucketCount 1025',
        (b) => ({ ...b, strategy: 'bucketed', bucketCount: 1025 }),
        'bucketCount',
        'must not be greater than 1024',
      ],
      [
        'paymentTimeoutSeconds 0',
        (b) => ({ ...b, paymentTimeoutSeconds: 0 }),
        'paymentTimeoutSeconds',
        'must not be less than 1',
      ],
      [
        'paymentTimeoutSeconds 86401',
        (b) => ({ ...b, paymentTimeoutSeconds: 86_401 }),
        'paymentTimeoutSeconds',
        'must not be greater than 86400',
      ],
      [
        'captchaRequired as text',
        (b) => ({ ...b, captchaRequired: 'yes' }),
        'captchaRequired',
        'must be a boolean value',
      ],
      [
        'captchaKind unknown',
        (b) => ({ ...b, captchaKind: 'audio' }),
        'captchaKind',
        'must be one of pow, image',
      ],
      [
        'captchaDifficulty 999',
        (b) => ({ ...b, captchaDifficulty: 999 }),
        'captchaDifficulty',
        'must not be less than 1000',
      ],
      [
        'captchaDifficulty 5000001',
        (b) => ({ ...b, captchaDifficulty: 5_000_001 }),
        'captchaDifficulty',
        'must not be greater than 5000000',
      ],
      ['an unknown field', (b) => ({ ...b, status: 'active' }), 'status', 'is not an accepted field'],
    ])(
      'refuses %s with 400 VALIDATION_FAILED naming the field, and stores nothing',
      async (_name, make, field, message) => {
        const before = await countSales();
        const res = await t.http.post('/api/admin/flash-sales', make(valid()), { token: admin });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: expect.any(String),
        });
        expect(res.body.details).toEqual([{ field, message }]);
        expect(await countSales()).toBe(before);
      },
    );

    it('names every bad field at once', async () => {
      const res = await t.http.post(
        '/api/admin/flash-sales',
        { productId: product.id, salePriceCents: -5, stock: 0, startsAt: 'soon', endsAt: fromNow(HOUR) },
        { token: admin },
      );
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body.details).sort()).toEqual(['salePriceCents', 'startsAt', 'stock'].sort());
    });

    it('keeps customers (403) and strangers (401) out of every admin sale route', async () => {
      const customer = await registerAndLogIn(t.http);
      const sale = await createSale(t.http, admin, product.id);
      const routes: [string, string, unknown][] = [
        ['POST', '/api/admin/flash-sales', valid()],
        ['GET', '/api/admin/flash-sales', undefined],
        ['GET', `/api/admin/flash-sales/${sale.id}`, undefined],
        ['PATCH', `/api/admin/flash-sales/${sale.id}`, { title: 'x' }],
        ['DELETE', `/api/admin/flash-sales/${sale.id}`, undefined],
        ['POST', `/api/admin/flash-sales/${sale.id}/warm-up`, undefined],
      ];
      for (const [method, path, body] of routes) {
        const asCustomer = await t.http.request<any>(method, path, body, { token: customer.token });
        expect([method, path, asCustomer.status]).toEqual([method, path, 403]);
        const asStranger = await t.http.request<any>(method, path, body, {});
        expect([method, path, asStranger.status]).toEqual([method, path, 401]);
      }
    });
  });

  describe('update', () => {
    it('changes only the fields sent and rewrites the stock rows before the start', async () => {
      const sale = await createSale(t.http, admin, product.id, {
        strategy: 'bucketed',
        bucketCount: 4,
        stock: 40,
      });
      const res = await t.http.patch(
        `/api/admin/flash-sales/${sale.id}`,
        { stock: 10, bucketCount: 3, title: 'Restocked' },
        { token: admin },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: sale.id,
        title: 'Restocked',
        stock: 10,
        remaining: 10,
        bucketCount: 3,
        strategy: 'bucketed',
        salePriceCents: sale.salePriceCents,
        startsAt: sale.startsAt,
        createdAt: sale.createdAt,
      });
      expect((await stockRows(t.environment.db, sale.id)).map((row) => [row.total, row.available])).toEqual([
        [4, 4],
        [3, 3],
        [3, 3],
      ]);
    });

    it('moving to sync leaves one row; moving back to bucketed takes the default 8 buckets', async () => {
      const sale = await createSale(t.http, admin, product.id, {
        strategy: 'bucketed',
        bucketCount: 4,
        stock: 16,
      });
      const toSync = await t.http.patch(
        `/api/admin/flash-sales/${sale.id}`,
        { strategy: 'sync' },
        { token: admin },
      );
      expect(toSync.body).toMatchObject({ strategy: 'sync', bucketCount: 1 });
      expect(await stockRows(t.environment.db, sale.id)).toEqual([
        { bucketNo: 0, total: 16, available: 16, reserved: 0, sold: 0 },
      ]);
      const back = await t.http.patch(
        `/api/admin/flash-sales/${sale.id}`,
        { strategy: 'bucketed' },
        { token: admin },
      );
      expect(back.body).toMatchObject({ strategy: 'bucketed', bucketCount: 8 });
      expect(await stockRows(t.environment.db, sale.id)).toHaveLength(8);
    });

    it.each<[string, Record<string, unknown>, string, string]>([
      ['endsAt before the stored startsAt', { endsAt: 'START-1m' }, 'endsAt', 'must be after startsAt'],
      ['startsAt after the stored endsAt', { startsAt: 'END+1m' }, 'endsAt', 'must be after startsAt'],
      ['a window in the past', { startsAt: 'PAST-2h', endsAt: 'PAST-1h' }, 'endsAt', 'must be in the future'],
      [
        'bucketCount on a sync sale',
        { bucketCount: 4 },
        'bucketCount',
        'can only be set for the bucketed strategy',
      ],
      [
        'bucketCount with a move to async',
        { strategy: 'async', bucketCount: 2 },
        'bucketCount',
        'can only be set for the bucketed strategy',
      ],
      ['a null stock', { stock: null }, 'stock', 'must be an integer number'],
      ['a null startsAt', { startsAt: null }, 'startsAt', 'must be a string'],
      ['a new product', { productId: '1' }, 'productId', 'is not an accepted field'],
      ['stock 0', { stock: 0 }, 'stock', 'must not be less than 1'],
    ])('validates the merged result: %s → 400', async (_name, patch, field, message) => {
      const sale = await createSale(t.http, admin, product.id, { strategy: 'sync' });
      const resolve = (value: unknown) => {
        if (typeof value !== 'string') return value;
        const start = Date.parse(sale.startsAt);
        const end = Date.parse(sale.endsAt);
        if (value === 'START-1m') return new Date(start - MINUTE).toISOString();
        if (value === 'END+1m') return new Date(end + MINUTE).toISOString();
        if (value === 'PAST-2h') return fromNow(-2 * HOUR);
        if (value === 'PAST-1h') return fromNow(-HOUR);
        return value;
      };
      const body = Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, resolve(value)]));
      const res = await t.http.patch(`/api/admin/flash-sales/${sale.id}`, body, { token: admin });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([{ field, message }]);
      const unchanged = await t.http.get(`/api/admin/flash-sales/${sale.id}`, { token: admin });
      expect(unchanged.body).toEqual({ ...sale, status: 'upcoming' });
    });

    it('locks stock, strategy, buckets and times once the sale has started: 409 SALE_LOCKED', async () => {
      const sale = await createSale(t.http, admin, product.id, { strategy: 'sync', stock: 50 });
      await makeRunning(sale.id);
      const current = (await t.http.get(`/api/admin/flash-sales/${sale.id}`, { token: admin })).body;
      expect(current.status).toBe('active');

      for (const [patch, fields] of [
        [{ stock: 60 }, ['stock']],
        [{ strategy: 'bucketed' }, ['strategy', 'bucketCount']],
        [{ endsAt: fromNow(5 * HOUR) }, ['endsAt']],
        [{ startsAt: fromNow(HOUR), title: 'Sneaky' }, ['startsAt']],
        // The gate enforces the limit: a change it would not see is refused like stock (README, API.md).
        [{ perUserLimit: 2 }, ['perUserLimit']],
      ] as const) {
        const res = await t.http.patch(`/api/admin/flash-sales/${sale.id}`, patch, { token: admin });
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ statusCode: 409, code: 'SALE_LOCKED' });
        expect(fieldsOf(res.body.details)).toEqual(fields);
      }
      expect(await stockRows(t.environment.db, sale.id)).toEqual([
        { bucketNo: 0, total: 50, available: 50, reserved: 0, sold: 0 },
      ]);
      expect((await t.http.get(`/api/admin/flash-sales/${sale.id}`, { token: admin })).body.title).toBe(
        sale.title,
      );

      // What may still change does, and sending a locked field unchanged is fine.
      const allowed = await t.http.patch(
        `/api/admin/flash-sales/${sale.id}`,
        {
          title: 'Last call',
          perUserLimit: 1,
          captchaRequired: true,
          captchaKind: 'pow',
          captchaDifficulty: 250_000,
          stock: 50,
          startsAt: current.startsAt,
        },
        { token: admin },
      );
      expect(allowed.status).toBe(200);
      expect(allowed.body).toMatchObject({
        title: 'Last call',
        perUserLimit: 1,
        captchaRequired: true,
        captchaKind: 'pow',
        captchaDifficulty: 250000,
        stock: 50,
      });
    });

    it('answers 404 for an unknown or deleted sale', async () => {
      const sale = await createSale(t.http, admin, product.id);
      await t.http.delete(`/api/admin/flash-sales/${sale.id}`, { token: admin });
      for (const id of [sale.id, '999999', 'abc']) {
        const res = await t.http.patch(`/api/admin/flash-sales/${id}`, { title: 'x' }, { token: admin });
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: 'The flash sale was not found' });
      }
    });
  });

  describe('delete', () => {
    it('soft-deletes an upcoming sale: gone from admin and storefront, row kept', async () => {
      const sale = await createSale(t.http, admin, product.id);
      expect((await t.http.get(`/api/flash-sales/${sale.id}`)).status).toBe(200);
      const res = await t.http.delete(`/api/admin/flash-sales/${sale.id}`, { token: admin });
      expect(res.status).toBe(204);
      expect((await t.http.get(`/api/admin/flash-sales/${sale.id}`, { token: admin })).status).toBe(404);
      expect((await t.http.get(`/api/flash-sales/${sale.id}`)).status).toBe(404);
      const [row] = await t.environment.db.query('SELECT deleted_at FROM flash_sales WHERE id = ?', [
        sale.id,
      ]);
      expect(row.deleted_at).toBeInstanceOf(Date);
      const admins = await t.http.get('/api/admin/flash-sales?pageSize=100', { token: admin });
      expect(idsOf(admins.body.items)).not.toContain(sale.id);
    });

    it('refuses a running sale with 409 SALE_LOCKED, allows an ended one', async () => {
      const running = await createSale(t.http, admin, product.id);
      await makeRunning(running.id);
      const refused = await t.http.delete(`/api/admin/flash-sales/${running.id}`, { token: admin });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'SALE_LOCKED', details: [] });
      expect((await t.http.get(`/api/flash-sales/${running.id}`)).status).toBe(200);

      const ended = await createSale(t.http, admin, product.id);
      await makeEnded(ended.id);
      expect((await t.http.delete(`/api/admin/flash-sales/${ended.id}`, { token: admin })).status).toBe(204);
    });
  });

  describe('admin reads', () => {
    it('reads one sale with remaining from MySQL and its status now', async () => {
      const sale = await createSale(t.http, admin, product.id, { strategy: 'sync', stock: 20 });
      await t.environment.db.query(
        'UPDATE sale_stock_buckets SET available = 15, reserved = 3, sold = 2 WHERE sale_id = ?',
        [sale.id],
      );
      const res = await t.http.get(`/api/admin/flash-sales/${sale.id}`, { token: admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...sale, remaining: 15 });
    });

    it('lists newest start first, filtered by status and product, paginated', async () => {
      const other = await createProduct(t.http, admin, { name: 'Filter product' });
      const later = await createSale(t.http, admin, other.id, {
        startsAt: fromNow(30 * HOUR),
        endsAt: fromNow(31 * HOUR),
      });
      const sooner = await createSale(t.http, admin, other.id, {
        startsAt: fromNow(20 * HOUR),
        endsAt: fromNow(21 * HOUR),
      });
      const running = await createSale(t.http, admin, other.id);
      await makeRunning(running.id);
      const ended = await createSale(t.http, admin, other.id);
      await makeEnded(ended.id);

      const ids = async (query: string) => {
        const res = await t.http.get(`/api/admin/flash-sales?productId=${other.id}&${query}`, {
          token: admin,
        });
        expect(res.status).toBe(200);
        return res.body;
      };
      expect(idsOf((await ids('pageSize=100')).items)).toEqual([later.id, sooner.id, running.id, ended.id]);
      expect(idsOf((await ids('status=upcoming')).items)).toEqual([later.id, sooner.id]);
      expect((await ids('status=active')).items).toEqual([
        expect.objectContaining({ id: running.id, status: 'active' }),
      ]);
      expect((await ids('status=ended')).items).toEqual([
        expect.objectContaining({ id: ended.id, status: 'ended' }),
      ]);
      const page2 = await ids('page=2&pageSize=3');
      expect(page2).toMatchObject({ page: 2, pageSize: 3, total: 4 });
      expect(idsOf(page2.items)).toEqual([ended.id]);

      const bad = await t.http.get('/api/admin/flash-sales?status=soon&productId=x', { token: admin });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual(
        expect.arrayContaining([
          { field: 'status', message: 'must be one of upcoming, active, ended' },
          { field: 'productId', message: 'must be a product id' },
        ]),
      );
    });
  });

  describe('storefront', () => {
    it('reads a sale publicly: the Sale of API.md, with remaining and serverTime', async () => {
      const sale = await createSale(t.http, admin, product.id, {
        title: 'Storefront sale',
        stock: 30,
        perUserLimit: 2,
        captchaRequired: true,
      });
      const before = Date.now();
      const res = await t.http.get(`/api/flash-sales/${sale.id}`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(SALE_FIELDS);
      expect(res.body).toEqual({
        id: sale.id,
        title: 'Storefront sale',
        product: {
          id: product.id,
          name: 'Jordan 1',
          description: 'Size 42',
          imageUrl: null,
          priceCents: 18000,
        },
        salePriceCents: 9900,
        stock: 30,
        remaining: 30,
        perUserLimit: 2,
        startsAt: sale.startsAt,
        endsAt: sale.endsAt,
        status: 'upcoming',
        captchaRequired: true,
        captchaKind: 'pow',
        captchaDifficulty: 100000,
        serverTime: expect.any(String),
      });
      const serverTime = Date.parse(res.body.serverTime);
      expect(new Date(serverTime).toISOString()).toBe(res.body.serverTime);
      expect(serverTime).toBeGreaterThanOrEqual(before - 1000);
      expect(serverTime).toBeLessThanOrEqual(Date.now() + 1000);
      expect(res.text).not.toMatch(/strategy|bucket|paymentTimeout/);
    });

    it('derives the status from the clock, not from the cache', async () => {
      const startsAt = Date.now() + 1500;
      const endsAt = startsAt + 1500;
      const sale = await createSale(t.http, admin, product.id, {
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
      });
      const statusAt = (serverTime: string) => {
        const now = Date.parse(serverTime);
        return now < startsAt ? 'upcoming' : now < endsAt ? 'active' : 'ended';
      };
      const seen: string[] = [];
      for (const until of [0, startsAt + 50, endsAt + 50]) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())));
        const res = await t.http.get(`/api/flash-sales/${sale.id}`);
        expect(res.body.status).toBe(statusAt(res.body.serverTime));
        seen.push(res.body.status);
      }
      // The same cached copy (the local TTL is a second) answered with the status of each moment.
      expect(seen.slice(1)).toEqual(['active', 'ended']);
    });

    it('shows the units MySQL has left, never a negative number', async () => {
      const sale = await createSale(t.http, admin, product.id, {
        strategy: 'bucketed',
        bucketCount: 2,
        stock: 10,
      });
      await t.environment.db.query(
        'UPDATE sale_stock_buckets SET available = 0, sold = total WHERE sale_id = ? AND bucket_no = 0',
        [sale.id],
      );
      // An admin change drops the cached copy at once; otherwise it would be stale for a moment.
      await t.http.patch(`/api/admin/flash-sales/${sale.id}`, { title: 'Half sold' }, { token: admin });
      const res = await t.http.get(`/api/flash-sales/${sale.id}`);
      expect(res.body).toMatchObject({ title: 'Half sold', stock: 10, remaining: 5 });
    });

    it.each(['999999', 'abc', '0', '-1', '1.5'])('answers 404 NOT_FOUND for sale %s', async (id) => {
      const res = await t.http.get(`/api/flash-sales/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        code: 'NOT_FOUND',
        message: 'The flash sale was not found',
        details: [],
      });
      expect((await t.http.get(`/api/admin/flash-sales/${id}`, { token: admin })).status).toBe(404);
    });

    it('lists sales publicly, newest start first, by status, paginated', async () => {
      // Later than every other sale of this suite, so they head the list.
      const a = await createSale(t.http, admin, product.id, {
        startsAt: '2300-01-02T00:00:00Z',
        endsAt: '2300-01-03T00:00:00Z',
      });
      const b = await createSale(t.http, admin, product.id, {
        startsAt: '2300-01-01T00:00:00Z',
        endsAt: '2300-01-03T00:00:00Z',
      });
      const res = await t.http.get('/api/flash-sales?status=upcoming&page=1&pageSize=2');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
      expect(idsOf(res.body.items)).toEqual([a.id, b.id]);
      for (const item of res.body.items) {
        expect(Object.keys(item).sort()).toEqual(SALE_FIELDS);
        expect(item.status).toBe('upcoming');
      }
      const all = await t.http.get('/api/flash-sales?pageSize=100');
      const starts = (all.body.items as { startsAt: string }[]).map((s) => s.startsAt);
      expect(starts).toEqual([...starts].sort().reverse());
      expect(all.body.total).toBe(all.body.items.length);
      for (const status of ['active', 'ended']) {
        const filtered = await t.http.get(`/api/flash-sales?status=${status}&pageSize=100`);
        expect((filtered.body.items as { status: string }[]).every((s) => s.status === status)).toBe(true);
      }
      const bad = await t.http.get('/api/flash-sales?status=live');
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([
        { field: 'status', message: 'must be one of upcoming, active, ended' },
      ]);
    });

    it('shows a new sale in the list at once (an admin change drops the cached pages)', async () => {
      await t.http.get('/api/flash-sales?status=upcoming&pageSize=100');
      const sale = await createSale(t.http, admin, product.id, {
        startsAt: '2400-01-01T00:00:00Z',
        endsAt: '2400-01-02T00:00:00Z',
      });
      const res = await t.http.get('/api/flash-sales?status=upcoming&pageSize=100');
      expect(res.body.items[0].id).toBe(sale.id);
    });
  });

  it('the OpenAPI document shows every catalog endpoint', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    const expected: Record<string, string[]> = {
      '/api/admin/products': ['get', 'post'],
      '/api/admin/products/{id}': ['delete', 'get', 'patch'],
      '/api/admin/flash-sales': ['get', 'post'],
      '/api/admin/flash-sales/{id}': ['delete', 'get', 'patch'],
      '/api/admin/flash-sales/{id}/warm-up': ['post'],
      '/api/flash-sales': ['get'],
      '/api/flash-sales/{id}': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect([
        path,
        Object.keys(doc.paths[path] ?? {})
          .filter((m) => m !== 'parameters')
          .sort(),
      ]).toEqual([path, methods]);
    }
    const sale = doc.components.schemas.SaleResponseDto;
    expect(Object.keys(sale.properties).sort()).toEqual(SALE_FIELDS);
    expect(sale.properties.status.enum).toEqual(['upcoming', 'active', 'ended']);
    const create = doc.components.schemas.CreateFlashSaleRequestDto;
    expect([...(create.required as string[])].sort()).toEqual([
      'endsAt',
      'productId',
      'salePriceCents',
      'startsAt',
      'stock',
    ]);
    expect(create.properties.stock).toMatchObject({ minimum: 1, maximum: 10_000_000 });
    // The update request is derived from the create request: every field optional, the product left out.
    const update = doc.components.schemas.UpdateFlashSaleRequestDto;
    expect(update.required ?? []).toEqual([]);
    expect(Object.keys(update.properties).sort()).toEqual(
      Object.keys(create.properties)
        .filter((field) => field !== 'productId')
        .sort(),
    );
    expect(update.properties.stock).toMatchObject({ minimum: 1, maximum: 10_000_000 });
    // The strategies offered are the domain's list, not a copy of it.
    expect(create.properties.strategy.enum).toEqual(STRATEGY_KINDS);
    expect(doc.paths['/api/admin/flash-sales/{id}'].patch.responses['409']).toBeDefined();
  });
});
