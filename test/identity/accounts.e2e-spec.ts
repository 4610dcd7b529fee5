import { sign } from 'jsonwebtoken';
import { eventually, logIn, logInAsAdmin, registerAndLogIn } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/test-app';
import { TEST_ADMIN } from '../support/test-environment';

describe('accounts (real HTTP, MySQL, Redis, BullMQ)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('register', () => {
    it('creates a customer, stores the email in lower case and returns no internal column', async () => {
      const res = await t.http.post('/api/auth/register', {
        email: '  Ada.Lovelace@Example.COM ',
        password: 'engine-1843',
        displayName: 'Ada',
      });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'displayName', 'email', 'id', 'role']);
      expect(res.body).toMatchObject({
        email: 'ada.lovelace@example.com',
        displayName: 'Ada',
        role: 'customer',
      });
      expect(typeof res.body.id).toBe('string');
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      expect(res.text).not.toMatch(/password|hash|argon/i);
      const [row] = await t.environment.db.query('SELECT password_hash FROM users WHERE id = ?', [
        res.body.id,
      ]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses an email that is taken in any letter case with 409 EMAIL_TAKEN', async () => {
      await t.http.post('/api/auth/register', {
        email: 'grace@example.com',
        password: 'cobol-1959',
        displayName: 'G',
      });
      const res = await t.http.post('/api/auth/register', {
        email: 'GRACE@Example.com',
        password: 'cobol-1959',
        displayName: 'Grace again',
      });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        code: 'EMAIL_TAKEN',
        message: 'An account with this email already exists',
        details: [],
      });
      const [{ n }] = await t.environment.db.query(
        "SELECT COUNT(*) AS n FROM users WHERE email = 'grace@example.com'",
      );
      expect(Number(n)).toBe(1);
    });

    it.each([
      [{ email: 'not-an-email', password: 'abcdefg1', displayName: 'X' }, 'email', 'must be an email'],
      [{ email: 'a@b.co', password: 'short1', displayName: 'X' }, 'password', 'must be 8 to 128'],
      [{ email: 'a@b.co', password: 'lettersonly', displayName: 'X' }, 'password', 'must be 8 to 128'],
      [{ email: 'a@b.co', password: '1234567890', displayName: 'X' }, 'password', 'must be 8 to 128'],
      [{ email: 'a@b.co', password: 'a1'.repeat(65), displayName: 'X' }, 'password', 'must be 8 to 128'],
      [{ email: 'a@b.co', password: 'abcdefg1', displayName: '   ' }, 'displayName', 'must not be blank'],
      [{ email: 'a@b.co', password: 'abcdefg1' }, 'displayName', ''],
      [{ email: 'a@b.co', password: 12345678, displayName: 'X' }, 'password', 'must be a string'],
      [
        { email: 'a@b.co', password: 'abcdefg1', displayName: 'X', role: 'admin' },
        'role',
        'is not an accepted field',
      ],
    ])(
      'rejects %j with 400 VALIDATION_FAILED naming %s, and stores nothing',
      async (body, field, message) => {
        const before = await countUsers(t);
        const res = await t.http.post('/api/auth/register', body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: expect.any(String),
        });
        expect(res.body.details).toEqual(
          expect.arrayContaining([{ field, message: expect.stringContaining(message) }]),
        );
        expect(await countUsers(t)).toBe(before);
      },
    );

    it('stores SQL and script fragments verbatim and never runs them', async () => {
      const displayName = `Robert'); DROP TABLE users;-- <script>alert("x")</script> \\' OR 1=1 #`;
      const password = `p4ss' OR '1'='1`;
      const res = await t.http.post('/api/auth/register', {
        email: "o'brien+test@example.com",
        password,
        displayName,
      });
      expect(res.status).toBe(201);
      expect(res.body.displayName).toBe(displayName);
      const token = await logIn(t.http, "o'brien+test@example.com", password);
      const me = await t.http.get('/api/auth/me', { token });
      expect(me.body.displayName).toBe(displayName);
      expect(me.body.email).toBe("o'brien+test@example.com");
      await expect(logIn(t.http, "o'brien+test@example.com", `x' OR '1'='1`)).rejects.toThrow(/401/);
      expect(await countUsers(t)).toBeGreaterThan(0);
    });

    it('queues a welcome notification that the worker delivers', async () => {
      const shopper = await registerAndLogIn(t.http, 'Welcome Tester');
      const delivered = await eventually(async () => {
        const res = await t.http.get('/api/notifications', { token: shopper.token });
        return res.body.total > 0 ? res.body : undefined;
      });
      expect(delivered.items).toEqual([
        expect.objectContaining({ kind: 'welcome', title: 'Welcome, Welcome Tester' }),
      ]);
    });
  });

  describe('login and me', () => {
    it('logs in with any letter case of the email and returns a bearer token', async () => {
      const shopper = await registerAndLogIn(t.http);
      const res = await t.http.post('/api/auth/login', {
        email: shopper.email.toUpperCase(),
        password: shopper.password,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
      const me = await t.http.get('/api/auth/me', { token: res.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: shopper.id, email: shopper.email, role: 'customer' });
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const shopper = await registerAndLogIn(t.http);
      const wrongPassword = await t.http.post('/api/auth/login', {
        email: shopper.email,
        password: 'wrong-pass-1',
      });
      const unknownEmail = await t.http.post('/api/auth/login', {
        email: 'nobody@example.com',
        password: 'wrong-pass-1',
      });
      const expected = {
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Email or password is wrong',
        details: [],
      };
      expect(wrongPassword.status).toBe(401);
      expect(wrongPassword.body).toEqual(expected);
      expect(unknownEmail.status).toBe(401);
      expect(unknownEmail.body).toEqual(expected);
    });

    describe('refuses a token that proves nothing with 401 UNAUTHENTICATED', () => {
      let shopperId: string;

      beforeAll(async () => {
        shopperId = (await registerAndLogIn(t.http)).id;
      });

      const claims = () => ({ sub: shopperId, role: 'customer' });
      const jwt = () => t.environment.config.jwt;

      it.each([
        ['no token', () => undefined],
        ['garbage', () => 'not.a.token'],
        [
          'forged with another secret',
          () => sign(claims(), 'another-secret-another-secret-123', opts(jwt())),
        ],
        [
          'expired',
          () =>
            sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, jwt().secret, opts(jwt(), false)),
        ],
        [
          'for another audience',
          () => sign(claims(), jwt().secret, { ...opts(jwt()), audience: 'someone-else' }),
        ],
        [
          'from another issuer',
          () => sign(claims(), jwt().secret, { ...opts(jwt()), issuer: 'someone-else' }),
        ],
        ['signed with HS512', () => sign(claims(), jwt().secret, { ...opts(jwt()), algorithm: 'HS512' })],
        ['unsigned (alg none)', () => sign(claims(), '', { ...opts(jwt()), algorithm: 'none' })],
        ['with an unknown role', () => sign({ sub: shopperId, role: 'root' }, jwt().secret, opts(jwt()))],
      ])('%s', async (_name, makeToken) => {
        const res = await t.http.get('/api/auth/me', { token: makeToken() });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', details: [] });
      });
    });
  });

  describe('admin', () => {
    it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
      const token = await logInAsAdmin(t.http);
      const me = await t.http.get('/api/auth/me', { token });
      expect(me.body).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    });

    it('lets an admin into /api/admin, keeps a customer out with 403 and a stranger with 401', async () => {
      const admin = await logInAsAdmin(t.http);
      const customer = await registerAndLogIn(t.http);

      const asAdmin = await t.http.get('/api/admin/users?page=1&pageSize=5', { token: admin });
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body).toMatchObject({ page: 1, pageSize: 5, total: expect.any(Number) });
      expect(JSON.stringify(asAdmin.body)).not.toMatch(/password|hash/i);

      const asCustomer = await t.http.get('/api/admin/users', { token: customer.token });
      expect(asCustomer.status).toBe(403);
      expect(asCustomer.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', details: [] });

      const asStranger = await t.http.get('/api/admin/users');
      expect(asStranger.status).toBe(401);
      expect(asStranger.body.code).toBe('UNAUTHENTICATED');
    });
  });
});

function opts(jwt: { issuer: string; audience: string }, withExpiry = true) {
  return {
    algorithm: 'HS256' as const,
    issuer: jwt.issuer,
    audience: jwt.audience,
    ...(withExpiry ? { expiresIn: 600 } : {}),
  };
}

async function countUsers(t: TestApp): Promise<number> {
  const [{ n }] = await t.environment.db.query('SELECT COUNT(*) AS n FROM users');
  return Number(n);
}
