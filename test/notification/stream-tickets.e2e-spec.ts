import { logIn, registerAndLogIn } from '../support/accounts';
import { startAppInstance, startTestApp, type TestApp } from '../support/test-app';

/** Opens a stream and reports when the server ends it. */
async function openStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  let ended = false;
  const endedAt = (async () => {
    if (!response.body) return;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done } = await reader.read();
        if (done) break;
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  return { response, isEnded: () => ended, endedAt, close: () => abort.abort() };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('notification stream: tickets, a per-user limit, and an end when the credential expires', () => {
  let t: TestApp;
  let other: Awaited<ReturnType<typeof startAppInstance>>;

  beforeAll(async () => {
    t = await startTestApp();
    other = await startAppInstance(t.environment.config, { APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('300 streams for one user across two instances: only the newest 5 stay open', async () => {
    const shopper = await registerAndLogIn(t.http, 'Hoarder');
    const headers = { authorization: `Bearer ${shopper.token}` };
    const streams = [];
    for (let i = 0; i < 300; i++) {
      const base = i % 2 === 0 ? t.baseUrl : other.baseUrl;
      const stream = await openStream(`${base}/api/notifications/stream`, headers);
      expect(stream.response.status).toBe(200);
      streams.push(stream);
    }
    try {
      const older = streams.slice(0, 295);
      const newest = streams.slice(295);
      expect(await waitFor(() => older.every((s) => s.isEnded()), 10000)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(newest.filter((s) => s.isEnded())).toHaveLength(0);
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('a ticket opens the stream once, without an Authorization header; a second use is 401', async () => {
    const shopper = await registerAndLogIn(t.http, 'Ticketed');
    const issued = await t.http.post('/api/notifications/stream-tickets', undefined, {
      token: shopper.token,
    });
    expect(issued.status).toBe(201);
    expect(issued.body.expiresIn).toBeGreaterThan(0);
    expect(issued.body.expiresIn).toBeLessThanOrEqual(60);
    const url = `${other.baseUrl}/api/notifications/stream?ticket=${encodeURIComponent(issued.body.ticket)}`;
    const first = await openStream(url);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const again = await fetch(`${t.baseUrl}/api/notifications/stream?ticket=${issued.body.ticket}`);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    first.close();
  });

  it('a made-up ticket is 401, and asking for a ticket needs a token', async () => {
    const forged = await fetch(`${t.baseUrl}/api/notifications/stream?ticket=${'A'.repeat(43)}`);
    expect(forged.status).toBe(401);
    const junk = await fetch(`${t.baseUrl}/api/notifications/stream?ticket=nope`);
    expect(junk.status).toBe(401);
    const anonymous = await t.http.post('/api/notifications/stream-tickets');
    expect(anonymous.status).toBe(401);
  });
});

describe('notification stream with 2-second tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ JWT_EXPIRES_IN_SECONDS: '2' });
  });
  afterAll(() => t.close());

  it('a stream opened with a token ends when the token expires', async () => {
    const shopper = await registerAndLogIn(t.http, 'Short-lived');
    const opened = Date.now();
    const stream = await openStream(`${t.baseUrl}/api/notifications/stream`, {
      authorization: `Bearer ${shopper.token}`,
    });
    expect(stream.response.status).toBe(200);
    try {
      expect(await waitFor(stream.isEnded, 5000)).toBe(true);
      expect(Date.now() - opened).toBeLessThan(3500);
    } finally {
      stream.close();
    }
  });

  it('a stream opened with a ticket ends when the token that minted it expires', async () => {
    const shopper = await registerAndLogIn(t.http, 'Short-lived ticket');
    const issued = await t.http.post('/api/notifications/stream-tickets', undefined, {
      token: shopper.token,
    });
    expect(issued.status).toBe(201);
    expect(issued.body.expiresIn).toBeLessThanOrEqual(2);
    const stream = await openStream(`${t.baseUrl}/api/notifications/stream?ticket=${issued.body.ticket}`);
    expect(stream.response.status).toBe(200);
    try {
      expect(await waitFor(stream.isEnded, 5000)).toBe(true);
    } finally {
      stream.close();
    }
  });

  it('a ticket is refused once its token has expired', async () => {
    const shopper = await registerAndLogIn(t.http, 'Late');
    const issued = await t.http.post('/api/notifications/stream-tickets', undefined, {
      token: shopper.token,
    });
    await new Promise((resolve) => setTimeout(resolve, 2600));
    const late = await fetch(`${t.baseUrl}/api/notifications/stream?ticket=${issued.body.ticket}`);
    expect(late.status).toBe(401);
  });
});

describe('notification stream and queue board follow the stored account', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ AUTH_USER_CACHE_MS: '300' });
  });
  afterAll(() => t.close());

  it("a deleted user's ticket and token open no stream", async () => {
    const shopper = await registerAndLogIn(t.http, 'Gone');
    const issued = await t.http.post('/api/notifications/stream-tickets', undefined, {
      token: shopper.token,
    });
    expect(issued.status).toBe(201);
    await t.environment.db.query('DELETE FROM notifications WHERE user_id = ?', [shopper.id]);
    await t.environment.db.query('DELETE FROM users WHERE id = ?', [shopper.id]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const byTicket = await fetch(`${t.baseUrl}/api/notifications/stream?ticket=${issued.body.ticket}`);
    expect(byTicket.status).toBe(401);
    const byToken = await fetch(`${t.baseUrl}/api/notifications/stream`, {
      headers: { authorization: `Bearer ${shopper.token}` },
    });
    expect(byToken.status).toBe(401);
  });

  it("a demoted admin's console cookie stops opening Bull Board", async () => {
    const helper = await registerAndLogIn(t.http, 'Temp admin');
    await t.environment.db.query("UPDATE users SET role = 'admin' WHERE id = ?", [helper.id]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const token = await logIn(t.http, helper.email, helper.password);
    const opened = await t.http.post('/api/admin/console-session', undefined, { token });
    expect(opened.status).toBe(204);
    const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await t.http.get('/admin/queues', { headers: { cookie } })).status).toBe(200);
    await t.environment.db.query("UPDATE users SET role = 'customer' WHERE id = ?", [helper.id]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await t.http.get('/admin/queues', { headers: { cookie } })).status).toBe(403);
  });
});
