import { solveChallenge } from 'altcha-lib/v1';
import { create as drawCaptcha } from 'svg-captcha';
import { registerAndLogIn, type Account } from '../support/accounts';
import { createSale, stockInMysql, untilOpen } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

const DIFFICULTY = 5_000;

interface PowChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/** What a browser (the altcha widget) does: try numbers until SHA-256(salt + n) matches. */
async function solve(challenge: PowChallenge): Promise<string> {
  const solution = await solveChallenge(
    challenge.challenge,
    challenge.salt,
    challenge.algorithm,
    challenge.maxnumber,
  ).promise;
  if (!solution) throw new Error('no solution within maxnumber');
  return String(solution.number);
}

/**
 * The attack that retired the image captcha: svg-captcha draws each character as a filled path whose command
 * letters (M, L, Q, Z) depend only on the glyph, so a table learned from locally drawn samples reads any
 * captcha without looking at a pixel.
 */
function trainSvgSolver(): (svg: string) => string {
  const glyphs = (svg: string) =>
    [...svg.matchAll(/<path fill="[^"]+" d="([^"]+)"/g)]
      .map(([, d]) => ({ x: Number(/^M([\d.]+)/.exec(d)?.[1] ?? 0), shape: d.replace(/[^A-Z]/g, '') }))
      .sort((a, b) => a.x - b.x);
  const table = new Map<string, string>();
  for (let i = 0; i < 500; i++) {
    const sample = drawCaptcha({ size: 5, noise: 2, ignoreChars: '0oO1lIi', color: true });
    glyphs(sample.data).forEach((glyph, k) => table.set(glyph.shape, sample.text[k].toLowerCase()));
  }
  return (svg) =>
    glyphs(svg)
      .map((glyph) => table.get(glyph.shape) ?? '?')
      .join('');
}

/** Proof-of-work captcha over real HTTP: each order costs the caller the sale's work, once, for itself only. */
describe('proof-of-work captcha (real HTTP)', () => {
  let t: AdminTestApp;
  let admin: string;
  let saleId: string;
  let otherSaleId: string;

  const captchaFor = async (shopper: Account, sale = saleId) => {
    const res = await t.http.get(`/api/flash-sales/${sale}/captcha`, { token: shopper.token });
    expect(res.status).toBe(200);
    return res.body as { captchaId: string; kind: string; challenge: PowChallenge; svg?: string };
  };
  const order = (shopper: Account, body: object, sale = saleId) =>
    t.http.post(`/api/flash-sales/${sale}/orders`, body, { token: shopper.token });

  beforeAll(async () => {
    t = await startAppWithAdmin();
    admin = t.admin;
    saleId = await createSale(t.http, admin, {
      stock: 20,
      perUserLimit: 3,
      captchaRequired: true,
      captchaDifficulty: DIFFICULTY,
    });
    otherSaleId = await createSale(t.http, admin, {
      stock: 20,
      perUserLimit: 3,
      captchaRequired: true,
      captchaDifficulty: DIFFICULTY,
    });
    await untilOpen(t.http, saleId);
    await untilOpen(t.http, otherSaleId);
  });
  afterAll(() => t.close());

  it('is the default kind; the sale shows its kind and difficulty; the challenge is altcha’s, signed', async () => {
    const sale = await t.http.get(`/api/flash-sales/${saleId}`);
    expect(sale.body).toMatchObject({
      captchaRequired: true,
      captchaKind: 'pow',
      captchaDifficulty: DIFFICULTY,
    });
    const shopper = await registerAndLogIn(t.http);
    const captcha = await captchaFor(shopper);
    expect(captcha).toEqual({
      captchaId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'pow',
      challenge: {
        algorithm: 'SHA-256',
        challenge: expect.stringMatching(/^[0-9a-f]{64}$/),
        maxnumber: DIFFICULTY,
        salt: expect.stringContaining(`sale=${saleId}`),
        signature: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(captcha.challenge.salt).toContain(`user=${shopper.id}`);
    expect(captcha.challenge.salt).toMatch(/expires=\d+/);
  });

  it('refuses an answer that was not worked for (a wrong number), and moves no stock', async () => {
    const shopper = await registerAndLogIn(t.http);
    const before = await stockInMysql(t, saleId);
    const captcha = await captchaFor(shopper);
    const right = await solve(captcha.challenge);
    const wrong = String((Number(right) + 1) % (DIFFICULTY + 1));
    const refused = await order(shopper, { captchaId: captcha.captchaId, captchaAnswer: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('CAPTCHA_INVALID');
    for (const junk of ['', '-1', '1e3', ' 12x', String(DIFFICULTY + 1)]) {
      const next = await captchaFor(shopper);
      const res = await order(shopper, { captchaId: next.captchaId, captchaAnswer: junk });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CAPTCHA_INVALID');
    }
    // One try per challenge: the right number after a wrong one is refused too.
    const late = await order(shopper, { captchaId: captcha.captchaId, captchaAnswer: right });
    expect(late.body.code).toBe('CAPTCHA_INVALID');
    expect(await stockInMysql(t, saleId)).toEqual(before);
  });

  it('places an order with a solved challenge, once: a replay of the solution is CAPTCHA_INVALID', async () => {
    const shopper = await registerAndLogIn(t.http);
    const captcha = await captchaFor(shopper);
    const answer = await solve(captcha.challenge);
    const placed = await order(shopper, { captchaId: captcha.captchaId, captchaAnswer: answer });
    expect(placed.status).toBe(201);
    const replay = await order(shopper, { captchaId: captcha.captchaId, captchaAnswer: answer });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('CAPTCHA_INVALID');
  });

  it("refuses another user's solution, which stays usable by its owner", async () => {
    const owner = await registerAndLogIn(t.http);
    const thief = await registerAndLogIn(t.http);
    const captcha = await captchaFor(owner);
    const answer = await solve(captcha.challenge);
    const stolen = await order(thief, { captchaId: captcha.captchaId, captchaAnswer: answer });
    expect(stolen.status).toBe(400);
    expect(stolen.body.code).toBe('CAPTCHA_INVALID');
    expect((await order(owner, { captchaId: captcha.captchaId, captchaAnswer: answer })).status).toBe(201);
  });

  it("refuses a solution of another sale's challenge", async () => {
    const shopper = await registerAndLogIn(t.http);
    const captcha = await captchaFor(shopper, otherSaleId);
    const answer = await solve(captcha.challenge);
    const res = await order(shopper, { captchaId: captcha.captchaId, captchaAnswer: answer }, saleId);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CAPTCHA_INVALID');
    // It is still good where it was issued.
    expect(
      (await order(shopper, { captchaId: captcha.captchaId, captchaAnswer: answer }, otherSaleId)).status,
    ).toBe(201);
  });

  it('the SVG-path solver places every order on an image sale, and has nothing to read on a pow sale', async () => {
    const read = trainSvgSolver();
    const imageSaleId = await createSale(t.http, admin, {
      stock: 20,
      perUserLimit: 1,
      captchaRequired: true,
      captchaKind: 'image',
    });
    await untilOpen(t.http, imageSaleId);
    let placed = 0;
    for (let i = 0; i < 5; i++) {
      const bot = await registerAndLogIn(t.http, `Bot ${i}`);
      const captcha = await captchaFor(bot, imageSaleId);
      const res = await order(
        bot,
        { captchaId: captcha.captchaId, captchaAnswer: read(captcha.svg!) },
        imageSaleId,
      );
      if (res.status === 201) placed++;
    }
    expect(placed).toBe(5);

    // The default kind: no image, only a signed challenge; without the work the script can only guess.
    const bot = await registerAndLogIn(t.http, 'Bot');
    const captcha = await captchaFor(bot);
    expect(captcha.svg).toBeUndefined();
    const guess = await order(bot, { captchaId: captcha.captchaId, captchaAnswer: '0' });
    if (guess.status !== 400) {
      // A one-in-DIFFICULTY chance that 0 was the number: then it was the work's answer after all.
      expect(await solve(captcha.challenge)).toBe('0');
    } else {
      expect(guess.body.code).toBe('CAPTCHA_INVALID');
    }
  });

  it('lets the admin switch a sale to the image kind and change the difficulty', async () => {
    const patched = await t.http.patch(
      `/api/admin/flash-sales/${otherSaleId}`,
      { captchaKind: 'image', captchaDifficulty: 2_000_000 },
      { token: admin },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ captchaKind: 'image', captchaDifficulty: 2_000_000 });
    const shopper = await registerAndLogIn(t.http);
    const captcha = await captchaFor(shopper, otherSaleId);
    expect(captcha.kind).toBe('image');
    expect(captcha.svg).toMatch(/^<svg/);
    expect(captcha.challenge).toBeUndefined();
  });
});
