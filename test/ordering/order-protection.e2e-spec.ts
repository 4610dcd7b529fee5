import { ValidationPipe } from '@nestjs/common';
import { PlaceOrderRequestDto } from '../../src/adapter/http/ordering/place-order-request.dto';
import { BannedAddresses } from '../../src/domain/risk/banned-addresses';
import { buy, createSale, createShoppers, stockInMysql, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

describe('the order endpoint’s protection', () => {
  let t: AdminTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startAppWithAdmin({ ORDER_RATE_LIMIT_PER_USER: '3', ORDER_RATE_WINDOW_SECONDS: '2' });
    admin = t.admin;
  });
  afterAll(() => t.close());

  it('limits order attempts per signed-in user (429 with Retry-After), counted in the summary, reset after the window', async () => {
    const saleId = await createSale(t.http, admin, { stock: 100, perUserLimit: 10 });
    await untilOpen(t.http, saleId);
    const [shopper, other] = await createShoppers(t, 2);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await buy(t.http, saleId, shopper)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await buy(t.http, saleId, shopper);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS', details: [] });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Per user, not per address: another shopper from the same address is not limited.
    expect((await buy(t.http, saleId, other)).status).toBe(201);

    await new Promise((resolve) => setTimeout(resolve, 1200));
    const summary = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
    expect(summary.body.attempts).toMatchObject({ accepted: 4, rateLimited: 3 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await buy(t.http, saleId, shopper)).status).toBe(201);
  });

  // With request logs off the front door answers before Nest's middleware and body parser; with them on, after
  // both (so it is logged). Either way the answers are those of the full path.
  describe.each([
    ['request logs off', 'false'],
    ['request logs on', 'true'],
  ])('the order front door (%s)', (_, logRequests) => {
    let s: AdminTestApp;
    let sAdmin: string;
    beforeAll(async () => {
      s = await startAppWithAdmin({
        ORDER_RATE_LIMIT_PER_USER: '3',
        ORDER_RATE_WINDOW_SECONDS: '2',
        LOG_HTTP_REQUESTS: logRequests,
      });
      sAdmin = s.admin;
    });
    afterAll(() => s.close());

    it('answers a sale known to be sold out from memory, ahead of the per-user limit: a refusal costs less than counting it', async () => {
      const saleId = await createSale(s.http, sAdmin, { stock: 1 });
      await untilOpen(s.http, saleId);
      const [winner, loser] = await createShoppers(s, 2);
      expect((await buy(s.http, saleId, winner)).status).toBe(201);
      const codes = [];
      for (let i = 0; i < 6; i++) codes.push((await buy(s.http, saleId, loser)).body.code);
      expect(codes).toEqual(Array(6).fill('SOLD_OUT'));
      // The loser's budget is untouched: an attempt on another sale still goes through.
      const otherSale = await createSale(s.http, sAdmin, { stock: 5 });
      await untilOpen(s.http, otherSale);
      expect((await buy(s.http, otherSale, loser)).status).toBe(201);
    });

    it('takes a plain attempt on an open sale at the front door, ahead of Nest, with the full path’s answers and limits', async () => {
      const saleId = await createSale(s.http, sAdmin, { stock: 10, perUserLimit: 2 });
      await untilOpen(s.http, saleId);
      const [shopper, keyed] = await createShoppers(s, 2);
      // Nest's pipeline validates the body of every attempt it handles: the front door handles it without.
      const validated = jest.spyOn(ValidationPipe.prototype, 'transform');
      const orderBodiesValidated = () =>
        validated.mock.calls.filter(([, metadata]) => metadata.metatype === PlaceOrderRequestDto).length;
      try {
        const plain = await buy(s.http, saleId, shopper, { quantity: 2 });
        expect(orderBodiesValidated()).toBe(0);
        // An Idempotency-Key takes the full path: the same answer, field for field, and the same headers.
        const full = await buy(s.http, saleId, keyed, { quantity: 2 }, { 'Idempotency-Key': 'k-1' });
        expect(orderBodiesValidated()).toBe(1);
        expect([plain.status, full.status]).toEqual([201, 201]);
        expect(Object.keys(plain.body).sort()).toEqual(Object.keys(full.body).sort());
        expect(plain.body).toMatchObject({ saleId, quantity: 2, status: 'pending_payment' });
        for (const header of [
          'x-ratelimit-limit-order',
          'x-ratelimit-remaining-order',
          'x-ratelimit-limit',
        ]) {
          expect([header, plain.headers.get(header)]).toEqual([header, full.headers.get(header)]);
        }
        expect(plain.headers.get('x-ratelimit-remaining-order')).toBe('2');
        expect(plain.headers.get('x-request-id')).toBeTruthy();
        // A refusal of the use case leaves with the error table's body, as from the controller.
        const over = await buy(s.http, saleId, shopper);
        expect(over.body).toEqual({
          statusCode: 409,
          code: 'LIMIT_EXCEEDED',
          message: expect.any(String),
          details: [],
        });
        // The per-user limit (3 per window here) counts front-door attempts: the fourth is refused.
        expect((await buy(s.http, saleId, shopper)).body.code).toBe('LIMIT_EXCEEDED');
        const limited = await buy(s.http, saleId, shopper);
        expect([limited.status, limited.body.code]).toEqual([429, 'TOO_MANY_REQUESTS']);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(orderBodiesValidated()).toBe(1);
      } finally {
        validated.mockRestore();
      }
    });

    it('still refuses a body that is not a plain attempt, and a banned address, as the full path does', async () => {
      const saleId = await createSale(s.http, sAdmin, { stock: 1, perUserLimit: 2 });
      await untilOpen(s.http, saleId);
      const [winner, loser] = await createShoppers(s, 2);
      expect((await buy(s.http, saleId, winner)).status).toBe(201);
      expect((await buy(s.http, saleId, loser)).body.code).toBe('SOLD_OUT');

      const extra = await buy(s.http, saleId, loser, { quantity: 1, note: 'please' });
      expect([extra.status, extra.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(extra.body.details).toEqual([{ field: 'note', message: expect.any(String) }]);
      const broken = await s.http.request<{ code: string }>(
        'POST',
        `/api/flash-sales/${saleId}/orders`,
        undefined,
        {
          token: loser.token,
          raw: '{"quantity":',
        },
      );
      expect([broken.status, broken.body.code]).toEqual([400, 'BAD_REQUEST']);
      expect((await buy(s.http, saleId, loser, { quantity: 2 })).body.code).toBe('SOLD_OUT');

      const ban = await s.http.post(
        '/api/admin/ip-bans',
        { ip: '127.0.0.1', ttlSeconds: 60 },
        { token: sAdmin },
      );
      expect(ban.status).toBe(201);
      try {
        const banned = await buy(s.http, saleId, loser);
        expect([banned.status, banned.body.code]).toEqual([403, 'IP_BANNED']);
      } finally {
        await s.environment.db.query('DELETE FROM ip_bans');
        await s.app.get(BannedAddresses).announceLift('127.0.0.1');
      }
      expect((await buy(s.http, saleId, loser)).body.code).toBe('SOLD_OUT');
    });
  });

  describe('a sale with captchaRequired', () => {
    let saleId: string;
    let c: AdminTestApp;
    const answerOf = async (captchaId: string): Promise<string> => {
      const key = `${c.environment.config.redis.keyPrefix}fs:{sale:${saleId}}:captcha:${captchaId}`;
      const answer = await c.environment.redis.hget(key, 'answer');
      if (answer === null) throw new Error('no captcha stored');
      return answer;
    };

    // An app of its own: the tight per-user limit above would cut these tries short.
    beforeAll(async () => {
      c = await startAppWithAdmin();
      saleId = await createSale(c.http, c.admin, {
        stock: 10,
        captchaRequired: true,
        captchaKind: 'image',
      });
      await untilOpen(c.http, saleId);
    });
    afterAll(() => c.close());

    it('refuses an order without an answer, a wrong one and a reused one (400 CAPTCHA_INVALID), moving no stock', async () => {
      const [shopper] = await createShoppers(c, 1);
      const missing = await buy(c.http, saleId, shopper);
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('CAPTCHA_INVALID');

      const first = (await c.http.get(`/api/flash-sales/${saleId}/captcha`, { token: shopper.token })).body;
      expect(first.svg).toMatch(/^<svg/);
      const wrong = await buy(c.http, saleId, shopper, { captchaId: first.captchaId, captchaAnswer: 'nope' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('CAPTCHA_INVALID');
      expect(await stockInMysql(c, saleId)).toMatchObject({ available: 10, reserved: 0 });

      const second = (await c.http.get(`/api/flash-sales/${saleId}/captcha`, { token: shopper.token })).body;
      const answer = await answerOf(second.captchaId);
      const right = await buy(c.http, saleId, shopper, {
        captchaId: second.captchaId,
        captchaAnswer: answer,
      });
      expect(right.status).toBe(201);
      const reused = await buy(c.http, saleId, shopper, {
        captchaId: second.captchaId,
        captchaAnswer: answer,
      });
      expect(reused.status).toBe(400);
      expect(reused.body.code).toBe('CAPTCHA_INVALID');
    });

    it('refuses someone else’s captcha', async () => {
      const [owner, thief] = await createShoppers(c, 2);
      const challenge = (await c.http.get(`/api/flash-sales/${saleId}/captcha`, { token: owner.token })).body;
      const answer = await answerOf(challenge.captchaId);
      const stolen = await buy(c.http, saleId, thief, {
        captchaId: challenge.captchaId,
        captchaAnswer: answer,
      });
      expect(stolen.status).toBe(400);
      expect(stolen.body.code).toBe('CAPTCHA_INVALID');
      // The owner's challenge survives the thief's try.
      expect(
        (await buy(c.http, saleId, owner, { captchaId: challenge.captchaId, captchaAnswer: answer })).status,
      ).toBe(201);
    });
  });
});
