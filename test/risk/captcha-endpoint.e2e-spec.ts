import { registerAndLogIn, type Account } from '../support/accounts';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

describe('GET /api/flash-sales/:id/captcha (real HTTP)', () => {
  let t: AdminTestApp;
  let shopper: Account;
  let captchaSaleId: string;
  let plainSaleId: string;

  beforeAll(async () => {
    t = await startAppWithAdmin();
    const { admin } = t;
    shopper = await registerAndLogIn(t.http);
    const product = await t.http.post(
      '/api/admin/products',
      { name: 'Limited sneakers', priceCents: 19900 },
      { token: admin },
    );
    expect(product.status).toBe(201);
    const createSale = async (captchaRequired: boolean, captchaKind = 'image'): Promise<string> => {
      const res = await t.http.post(
        '/api/admin/flash-sales',
        {
          productId: product.body.id,
          salePriceCents: 9900,
          stock: 10,
          startsAt: new Date(Date.now() + 3600_000).toISOString(),
          endsAt: new Date(Date.now() + 7200_000).toISOString(),
          captchaRequired,
          captchaKind,
        },
        { token: admin },
      );
      expect(res.status).toBe(201);
      return res.body.id;
    };
    captchaSaleId = await createSale(true);
    plainSaleId = await createSale(false);
  });
  afterAll(() => t.close());

  it('gives a signed-in shopper a fresh SVG captcha for a sale that asks for one, stored for them and the sale', async () => {
    const res = await t.http.get(`/api/flash-sales/${captchaSaleId}/captcha`, { token: shopper.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      captchaId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'image',
      svg: expect.any(String),
    });
    expect(res.body.svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const key = `${t.environment.config.redis.keyPrefix}fs:{sale:${captchaSaleId}}:captcha:${res.body.captchaId}`;
    expect(await t.environment.redis.hget(key, 'user')).toBe(shopper.id);

    const again = await t.http.get(`/api/flash-sales/${captchaSaleId}/captcha`, { token: shopper.token });
    expect(again.body.captchaId).not.toBe(res.body.captchaId);
  });

  it('answers 400 BAD_REQUEST for a sale that needs no captcha', async () => {
    const res = await t.http.get(`/api/flash-sales/${plainSaleId}/captcha`, { token: shopper.token });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'BAD_REQUEST',
      message: 'This sale needs no captcha',
      details: [],
    });
  });

  it('answers 404 NOT_FOUND for an unknown sale', async () => {
    for (const id of ['999999', 'nonsense']) {
      const res = await t.http.get(`/api/flash-sales/${id}/captcha`, { token: shopper.token });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', details: [] });
    }
  });

  it('needs a signed-in caller', async () => {
    const res = await t.http.get(`/api/flash-sales/${captchaSaleId}/captcha`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
