import { Logger } from '@nestjs/common';
import { buy, createSale, createShoppers, stockInMysql, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

const apiBody = (statusCode: number, code: string | RegExp) => ({
  statusCode,
  code: typeof code === 'string' ? code : expect.stringMatching(code),
  message: expect.any(String),
  details: expect.any(Array),
});

/** Bad input gets a clear 4xx with API.md's error body, changes nothing, and logs no stack trace. */
describe('bad input (real HTTP)', () => {
  let t: AdminTestApp;
  let loggedErrors: jest.SpyInstance;

  beforeAll(async () => {
    t = await startAppWithAdmin();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    loggedErrors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => loggedErrors.mockRestore());

  describe('JSON nested deeper than 32 levels', () => {
    it('8,000 levels in 16 KiB, no token needed: 400 before it is parsed, no 500, no stack trace', async () => {
      const deep = `{"email":"deep@example.com","password":"deep-pass-1","displayName":${'['.repeat(8000)}${']'.repeat(8000)}}`;
      expect(deep.length).toBeLessThanOrEqual(16 * 1024);
      const res = await t.http.post('/api/auth/register', undefined, { raw: deep });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(apiBody(400, /^(BAD_REQUEST|VALIDATION_FAILED)$/));
      expect(res.body.message).toMatch(/32 levels/);
      const objects = await t.http.post('/api/auth/login', undefined, {
        raw: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
      });
      expect(objects.status).toBe(400);
      expect(loggedErrors).not.toHaveBeenCalled();
      expect(
        await t.environment.db.query("SELECT id FROM users WHERE email = 'deep@example.com'"),
      ).toHaveLength(0);
    });

    it('refuses 33 levels and lets 32 through to validation; brackets inside strings do not count', async () => {
      const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
      const body = (levels: number) => `{"email":"a@b.co","password":"x","extra":${nested(levels - 1)}}`;
      const tooDeep = await t.http.post('/api/auth/login', undefined, { raw: body(33) });
      expect(tooDeep.body.message).toMatch(/32 levels/);
      const deepEnough = await t.http.post('/api/auth/login', undefined, { raw: body(32) });
      // Parsed, then refused by validation for the unknown field, not for its depth.
      expect(deepEnough.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'extra' }] });
      const bracketsInText = await t.http.post('/api/auth/login', undefined, {
        raw: JSON.stringify({ email: 'nobody@example.com', password: `${'['.repeat(100)}"\\{` }),
      });
      expect(bracketsInText.status).toBe(401);
    });
  });

  describe('statuses the HTTP server sends itself use the API body', () => {
    it('a too-long URL → 414 URI_TOO_LONG', async () => {
      const res = await t.http.get(`/api/flash-sales/${'9'.repeat(5000)}`);
      expect(res.status).toBe(414);
      expect(res.body).toEqual(apiBody(414, 'URI_TOO_LONG'));
    });

    it('a URL longer than the server reads at all → 414 URI_TOO_LONG, headers too large → 431', async () => {
      const res = await t.http.get(`/api/flash-sales?status=${'a'.repeat(20_000)}`);
      expect(res.status).toBe(414);
      expect(res.body).toEqual(apiBody(414, 'URI_TOO_LONG'));
      const headers = await t.http.get('/api/flash-sales', { headers: { 'x-junk': 'a'.repeat(20_000) } });
      expect(headers.status).toBe(431);
      expect(headers.body).toEqual(apiBody(431, 'BAD_REQUEST'));
    });

    it('a malformed URL → 400, an unsupported content type → 415, all with the API body', async () => {
      const badUrl = await t.http.get('/api/flash-sales/%E0%A4%A');
      expect(badUrl.status).toBe(400);
      expect(badUrl.body).toEqual(apiBody(400, 'BAD_REQUEST'));
      const media = await t.http.post('/api/auth/login', undefined, {
        raw: '<login email="a"/>',
        headers: { 'content-type': 'application/xml' },
      });
      expect(media.status).toBe(415);
      expect(media.body).toEqual(apiBody(415, /^[A-Z_]+$/));
    });
  });

  describe('an order with quantity: null', () => {
    it('is refused like any non-integer (400 VALIDATION_FAILED) and changes nothing', async () => {
      const { admin } = t;
      const saleId = await createSale(t.http, admin, { stock: 5, perUserLimit: 5, startsInMs: 300 });
      const [shopper] = await createShoppers(t, 1);
      await untilOpen(t.http, saleId);
      for (const quantity of [null, '1', 1.5]) {
        const res = await buy(t.http, saleId, shopper, { quantity });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'quantity' }] });
      }
      expect((await stockInMysql(t, saleId)).available).toBe(5);
    });
  });
});
