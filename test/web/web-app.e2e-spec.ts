import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { registerAndLogIn } from '../support/accounts';
import { createSale } from '../support/sales';
import { type AdminTestApp, startAppWithAdmin } from '../support/test-app';

/** The platform serves the web app itself: pages, hashed assets, and Bull Board behind the admin sign-in. */
describe('web app and queue board served by the platform', () => {
  let t: AdminTestApp;
  let dir: string;
  const previous = process.env.WEB_DIST_DIR;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dir, 'admin'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>store</title>');
    writeFileSync(join(dir, 'admin', 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'store-abc123.js'), 'console.log(1)');
    process.env.WEB_DIST_DIR = dir;
    t = await startAppWithAdmin();
  });
  afterAll(async () => {
    await t.close();
    if (previous === undefined) delete process.env.WEB_DIST_DIR;
    else process.env.WEB_DIST_DIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the storefront at / and its client routes, revalidated on every load', async () => {
    for (const path of ['/', '/sales/42', '/orders', '/login']) {
      const page = await t.http.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<title>store</title>');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('serves the console at /admin and below', async () => {
    for (const path of ['/admin', '/admin/', '/admin/sales/1/dashboard']) {
      const page = await t.http.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<title>console</title>');
    }
  });

  it('hashed assets are immutable for a year', async () => {
    const asset = await t.http.get('/assets/store-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('does not swallow the API, health, metrics or docs: their answers and 404 bodies stay', async () => {
    const missing = await t.http.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    const unknownPage = await t.http.get('/nowhere');
    expect(unknownPage.status).toBe(404);
    expect(unknownPage.body.code).toBe('NOT_FOUND');
    expect((await t.http.get('/health/live')).status).toBe(200);
    expect((await t.http.get('/metrics')).text).toContain('process_cpu');
    expect((await t.http.get('/docs-json')).body.openapi).toBeDefined();
  });

  it('public sale reads carry a short Cache-Control', async () => {
    const { admin } = t;
    const saleId = await createSale(t.http, admin, { stock: 3 });
    const one = await t.http.get(`/api/flash-sales/${saleId}`);
    expect(one.headers.get('cache-control')).toBe('public, max-age=1');
    const list = await t.http.get('/api/flash-sales');
    expect(list.headers.get('cache-control')).toBe('public, max-age=1');
    // The dashboard's queue depth comes with the summary.
    const summary = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: admin });
    expect(summary.body.queueDepth).toBe(0);
  });

  it('Bull Board at /admin/queues refuses anonymous and customer requests, and opens for an admin', async () => {
    const anonymous = await t.http.get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const anonymousApi = await t.http.get('/admin/queues/api/queues');
    expect(anonymousApi.status).toBe(401);

    const shopper = await registerAndLogIn(t.http, 'Curious');
    const customerSession = await t.http.post('/api/admin/console-session', undefined, {
      token: shopper.token,
    });
    expect(customerSession.status).toBe(403);
    expect(customerSession.headers.get('set-cookie')).toBeNull();
    // Even holding a cookie made from a customer's own token, the board says no.
    const asCustomer = await t.http.get('/admin/queues', {
      headers: { cookie: `fs_console=${shopper.token}` },
    });
    expect(asCustomer.status).toBe(403);
    const forged = sign({ sub: '1', role: 'admin' }, 'not-the-secret-of-this-platform-0123456789', {
      expiresIn: 60,
    });
    expect((await t.http.get('/admin/queues', { headers: { cookie: `fs_console=${forged}` } })).status).toBe(
      401,
    );

    const { admin } = t;
    const opened = await t.http.post('/api/admin/console-session', undefined, { token: admin });
    expect(opened.status).toBe(204);
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    const pair = cookie.split(';')[0];
    const board = await t.http.get('/admin/queues', { headers: { cookie: pair } });
    expect(board.status).toBe(200);
    expect(board.text).toMatch(/<html/i);
    const queues = await t.http.get('/admin/queues/api/queues', { headers: { cookie: pair } });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(
      expect.arrayContaining(['order-placement', 'notifications']),
    );
  });
});
