import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../src/config/app-config';
import { buy, createSale, createShoppers, untilOpen } from '../support/sales';
import { TcpProxy } from '../support/tcp-proxy';
import {
  type AdminTestApp,
  startAppInstance,
  startAppWithAdmin,
  startTestApp,
  type TestApp,
} from '../support/test-app';

/** What the public operations endpoints give away: states, never error text; metrics only to their token. */
describe('operations endpoints expose nothing they should not (real HTTP)', () => {
  const metricsToken = randomBytes(24).toString('hex');
  let t: AdminTestApp;

  beforeAll(async () => {
    t = await startAppWithAdmin({ METRICS_TOKEN: metricsToken });
  });
  afterAll(() => t.close());

  it('/health/ready names the dependency that is down, with no error message, host or port', async () => {
    const proxy = await new TcpProxy(t.environment.config.db.host, t.environment.config.db.port).start();
    const instance = await startAppInstance(
      AppConfig.fromEnv({ ...t.environment.env, DB_PORT: String(proxy.port), DB_CONNECT_TIMEOUT_MS: '1000' }),
    );
    try {
      const up = await instance.http.get('/health/ready');
      expect(up.status).toBe(200);
      expect(up.body.info).toEqual({
        mysql: { status: 'up' },
        redis: { status: 'up' },
        queue: { status: 'up' },
        circuits: { status: 'up' },
      });
      await proxy.cut();
      const down = await instance.http.get('/health/ready');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({
        statusCode: 503,
        code: 'BUSY',
        message: 'Not ready: mysql down',
        details: [{ field: 'mysql', message: 'down' }],
      });
      expect(down.text).not.toMatch(
        /ECONN|refused|timed out|within|connect|lost|127\.0\.0\.1|PROTOCOL|Error/i,
      );
      expect(down.text).not.toContain(String(proxy.port));
    } finally {
      await proxy.stop();
      await instance.close();
    }
  });

  it('/metrics wants METRICS_TOKEN as a bearer token: 401 without it or with a wrong one', async () => {
    const none = await t.http.get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED', details: [] });
    expect((await t.http.get('/metrics', { token: `${metricsToken}x` })).status).toBe(401);
    expect((await t.http.get('/metrics', { token: 'short' })).status).toBe(401);
    const { admin } = t;
    expect((await t.http.get('/metrics', { token: admin })).status).toBe(401);
    const granted = await t.http.get('/metrics', { token: metricsToken });
    expect(granted.status).toBe(200);
    expect(granted.text).toContain('http_request_duration_seconds');
  });

  it('/metrics carries the business series: attempts by outcome, units by state, queue depth, write latency', async () => {
    const { admin } = t;
    const saleId = await createSale(t.http, admin, { stock: 2, startsInMs: 300 });
    const shoppers = await createShoppers(t, 3);
    await untilOpen(t.http, saleId);
    const answers = [];
    for (const shopper of shoppers) answers.push((await buy(t.http, saleId, shopper)).status);
    expect(answers).toEqual([201, 201, 409]);

    const text = (await t.http.get('/metrics', { token: metricsToken })).text;
    const value = (series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      if (line === undefined) throw new Error(`${series} is not on /metrics`);
      return Number(line.slice(series.length + 1));
    };
    expect(value('flash_sale_order_attempts_total{outcome="accepted"}')).toBeGreaterThanOrEqual(2);
    expect(value('flash_sale_order_attempts_total{outcome="soldOut"}')).toBeGreaterThanOrEqual(1);
    expect(value('flash_sale_units{state="reserved"}')).toBe(2);
    expect(value('flash_sale_units{state="available"}')).toBe(0);
    expect(value('flash_sale_units{state="sold"}')).toBe(0);
    expect(value('flash_sale_running_sales')).toBe(1);
    expect(value('flash_sale_queue_jobs{queue="order-placement",state="waiting"}')).toBe(0);
    expect(value('flash_sale_order_write_duration_seconds_count{result="committed"}')).toBeGreaterThanOrEqual(
      2,
    );
    // Bounded labels: no sale, user or address ever becomes one.
    expect(text).not.toContain(saleId.length > 3 ? `"${saleId}"` : 'sale=');
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stays open, as before', async () => {
    expect((await t.http.get('/metrics')).status).toBe(200);
  });
});
