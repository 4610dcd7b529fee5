import { registerAndLogIn } from '../support/accounts';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';
import { createProduct, createSale, fromNow, HOUR, idsOf } from './catalog-fixtures';

describe('admin: products (real HTTP, MySQL)', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
  });
  afterAll(() => t.close());

  const countProducts = async () => {
    const [{ n }] = await t.environment.db.query('SELECT COUNT(*) AS n FROM products');
    return Number(n);
  };

  it('creates a product and answers the Product of API.md', async () => {
    const res = await t.http.post(
      '/api/admin/products',
      {
        name: ' Air Max 1 ',
        description: 'The original',
        imageUrl: 'https://img.example/am1.png',
        priceCents: 14999,
      },
      { token: admin },
    );
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      ['createdAt', 'description', 'id', 'imageUrl', 'name', 'priceCents', 'updatedAt'].sort(),
    );
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      name: 'Air Max 1',
      description: 'The original',
      imageUrl: 'https://img.example/am1.png',
      priceCents: 14999,
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    expect(res.body.updatedAt).toBe(res.body.createdAt);
    const [row] = await t.environment.db.query('SELECT name, price_cents FROM products WHERE id = ?', [
      res.body.id,
    ]);
    expect(row).toEqual({ name: 'Air Max 1', price_cents: 14999 });
  });

  it('leaves description and imageUrl null when absent', async () => {
    const res = await t.http.post('/api/admin/products', { name: 'Plain', priceCents: 0 }, { token: admin });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ description: null, imageUrl: null, priceCents: 0 });
  });

  it.each([
    [{ priceCents: 100 }, 'name', 'must be a string'],
    [{ name: '   ', priceCents: 100 }, 'name', 'must not be blank'],
    [{ name: 'x'.repeat(201), priceCents: 100 }, 'name', 'must be shorter than or equal to 200 characters'],
    [{ name: 'A' }, 'priceCents', 'must be an integer number'],
    [{ name: 'A', priceCents: -1 }, 'priceCents', 'must not be less than 0'],
    [{ name: 'A', priceCents: 10_000_001 }, 'priceCents', 'must not be greater than 10000000'],
    [{ name: 'A', priceCents: 1.5 }, 'priceCents', 'must be an integer number'],
    [{ name: 'A', priceCents: '100' }, 'priceCents', 'must be an integer number'],
    [{ name: 'A', priceCents: 1, description: 5 }, 'description', 'must be a string'],
    [
      { name: 'A', priceCents: 1, imageUrl: 'javascript:alert(1)' },
      'imageUrl',
      'must be an http or https URL',
    ],
    [{ name: 'A', priceCents: 1, imageUrl: 'img.png' }, 'imageUrl', 'must be an http or https URL'],
    [{ name: 'A', priceCents: 1, stock: 5 }, 'stock', 'is not an accepted field'],
  ])('refuses %j with 400 naming %s, and stores nothing', async (body, field, message) => {
    const before = await countProducts();
    const res = await t.http.post('/api/admin/products', body, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details).toEqual([{ field, message }]);
    expect(await countProducts()).toBe(before);
  });

  it('keeps customers (403) and strangers (401) out of every product route', async () => {
    const customer = await registerAndLogIn(t.http);
    const product = await createProduct(t.http, admin);
    const routes: [string, string, unknown][] = [
      ['POST', '/api/admin/products', { name: 'X', priceCents: 1 }],
      ['GET', '/api/admin/products', undefined],
      ['GET', `/api/admin/products/${product.id}`, undefined],
      ['PATCH', `/api/admin/products/${product.id}`, { name: 'Hacked' }],
      ['DELETE', `/api/admin/products/${product.id}`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const asCustomer = await t.http.request<any>(method, path, body, { token: customer.token });
      expect([method, path, asCustomer.status, asCustomer.body.code]).toEqual([
        method,
        path,
        403,
        'FORBIDDEN',
      ]);
      const asStranger = await t.http.request<any>(method, path, body, {});
      expect([method, path, asStranger.status, asStranger.body.code]).toEqual([
        method,
        path,
        401,
        'UNAUTHENTICATED',
      ]);
    }
    const unchanged = await t.http.get(`/api/admin/products/${product.id}`, { token: admin });
    expect(unchanged.body.name).toBe(product.name);
  });

  it('lists products newest first, paginated', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createProduct(t.http, admin, { name: `Page item ${i}` }));
    const total = await countProducts();
    const first = await t.http.get('/api/admin/products?page=1&pageSize=2', { token: admin });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 2, total });
    expect(idsOf(first.body.items)).toEqual([made[2].id, made[1].id]);
    const second = await t.http.get('/api/admin/products?page=2&pageSize=2', { token: admin });
    expect(second.body.items[0].id).toBe(made[0].id);
    const defaults = await t.http.get('/api/admin/products', { token: admin });
    expect(defaults.body).toMatchObject({ page: 1, pageSize: 20 });
    const bad = await t.http.get('/api/admin/products?pageSize=101', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'pageSize', message: 'must not be greater than 100' }]);
  });

  it('reads, updates (only the fields sent) and clears nullable fields', async () => {
    const product = await createProduct(t.http, admin, { imageUrl: 'https://img.example/a.png' });
    const read = await t.http.get(`/api/admin/products/${product.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(product);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await t.http.patch(
      `/api/admin/products/${product.id}`,
      { priceCents: 17500, description: null },
      { token: admin },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: product.id,
      name: product.name,
      priceCents: 17500,
      description: null,
      imageUrl: 'https://img.example/a.png',
      createdAt: (product as any).createdAt,
    });
    expect(res.body.updatedAt > (product as any).updatedAt).toBe(true);
  });

  it.each([
    [{ name: null }, 'name', 'must be a string'],
    [{ name: '' }, 'name', 'must not be blank'],
    [{ priceCents: null }, 'priceCents', 'must be an integer number'],
    [{ id: '5' }, 'id', 'is not an accepted field'],
  ])('refuses the update %j with 400 naming %s', async (body, field, message) => {
    const product = await createProduct(t.http, admin);
    const res = await t.http.patch(`/api/admin/products/${product.id}`, body, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field, message }]);
    expect((await t.http.get(`/api/admin/products/${product.id}`, { token: admin })).body).toEqual(product);
  });

  it.each(['999999', 'abc', '0', '1e3', '99999999999999999999999'])(
    'answers 404 NOT_FOUND for product %s on read, update and delete',
    async (id) => {
      for (const res of [
        await t.http.get(`/api/admin/products/${id}`, { token: admin }),
        await t.http.patch(`/api/admin/products/${id}`, { name: 'X' }, { token: admin }),
        await t.http.delete(`/api/admin/products/${id}`, { token: admin }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual({
          statusCode: 404,
          code: 'NOT_FOUND',
          message: 'The product was not found',
          details: [],
        });
      }
    },
  );

  describe('delete', () => {
    it('soft-deletes: 204, then invisible to every read, the row kept', async () => {
      const product = await createProduct(t.http, admin);
      const res = await t.http.delete(`/api/admin/products/${product.id}`, { token: admin });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await t.http.get(`/api/admin/products/${product.id}`, { token: admin })).status).toBe(404);
      const list = await t.http.get('/api/admin/products?pageSize=100', { token: admin });
      expect(idsOf(list.body.items)).not.toContain(product.id);
      const [row] = await t.environment.db.query('SELECT deleted_at FROM products WHERE id = ?', [
        product.id,
      ]);
      expect(row.deleted_at).toBeInstanceOf(Date);
      expect((await t.http.delete(`/api/admin/products/${product.id}`, { token: admin })).status).toBe(404);
      // A deleted product cannot be put on sale.
      const sale = await t.http.post(
        '/api/admin/flash-sales',
        {
          productId: product.id,
          salePriceCents: 1,
          stock: 1,
          startsAt: fromNow(HOUR),
          endsAt: fromNow(2 * HOUR),
        },
        { token: admin },
      );
      expect(sale.status).toBe(400);
      expect(sale.body.details).toEqual([{ field: 'productId', message: 'does not name a product' }]);
    });

    it('refuses with 409 CONFLICT while a sale of the product is upcoming or running', async () => {
      const upcomingProduct = await createProduct(t.http, admin);
      await createSale(t.http, admin, upcomingProduct.id);
      const runningProduct = await createProduct(t.http, admin);
      await createSale(t.http, admin, runningProduct.id, { startsAt: fromNow(-HOUR), endsAt: fromNow(HOUR) });

      for (const product of [upcomingProduct, runningProduct]) {
        const res = await t.http.delete(`/api/admin/products/${product.id}`, { token: admin });
        expect(res.status).toBe(409);
        expect(res.body).toEqual({
          statusCode: 409,
          code: 'CONFLICT',
          message: 'The product has a live or upcoming flash sale',
          details: [],
        });
        expect((await t.http.get(`/api/admin/products/${product.id}`, { token: admin })).status).toBe(200);
      }
    });

    it('allows it once its sales have ended or were deleted; their storefront pages go with it', async () => {
      const product = await createProduct(t.http, admin);
      const ended = await createSale(t.http, admin, product.id);
      const dropped = await createSale(t.http, admin, product.id);
      await t.environment.db.query(
        'UPDATE flash_sales SET starts_at = NOW(3) - INTERVAL 2 HOUR, ends_at = NOW(3) - INTERVAL 1 HOUR WHERE id = ?',
        [ended.id],
      );
      expect((await t.http.delete(`/api/admin/flash-sales/${dropped.id}`, { token: admin })).status).toBe(
        204,
      );
      expect((await t.http.get(`/api/flash-sales/${ended.id}`)).status).toBe(200);

      expect((await t.http.delete(`/api/admin/products/${product.id}`, { token: admin })).status).toBe(204);
      expect((await t.http.get(`/api/flash-sales/${ended.id}`)).status).toBe(404);
      const list = await t.http.get('/api/flash-sales?status=ended&pageSize=100');
      expect(idsOf(list.body.items)).not.toContain(ended.id);
    });
  });
});
