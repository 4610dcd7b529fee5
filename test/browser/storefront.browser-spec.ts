import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { freePort, waitForPort } from '../support/processes';
import { HttpClient } from '../support/http-client';
import { logInAsAdmin, TEST_ADMIN_CREDENTIALS } from './browser-support';
import { createTestEnvironment, type TestEnvironment } from '../support/test-environment';

/**
 * The storefront and the console in Debian's Chromium (headless), against the built platform (dist/, run as
 * `node dist/src/main.js`) on its own database and Redis prefix. Playwright launches Chromium with a fresh,
 * temporary profile each run. Any console error fails the test.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '../../docs/screenshots') : null;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

/**
 * Chromium logs every 4xx answer to fetch as a console error. The scenarios provoke three on purpose (a
 * validation error at registration, a declined payment, a sold-out sale); anything else (a script error, a
 * 404, a 5xx, an EventSource refused) fails the test.
 */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of (400|402|409) /;

jest.setTimeout(120_000);

describe('storefront and console in a real browser', () => {
  let environment: TestEnvironment;
  let server: ChildProcess;
  let serverOutput = '';
  let baseUrl: string;
  let http: HttpClient;
  let browser: Browser;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (
      !existsSync(join(__dirname, '../../dist/web/index.html')) ||
      !existsSync(join(__dirname, '../../dist/src/main.js'))
    ) {
      throw new Error('Build first: npm run build (test:browser does)');
    }
    environment = await createTestEnvironment({ ORDER_EXPIRY_SWEEP_SECONDS: '1' });
    const port = await freePort();
    server = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: join(__dirname, '../..'),
      env: { ...environment.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    await waitForPort(port, 30000);
    baseUrl = `http://127.0.0.1:${port}`;
    http = new HttpClient(baseUrl);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    await environment?.dispose();
  });

  afterEach(() => {
    const errors = consoleErrors.splice(0);
    expect(errors).toEqual([]);
  });

  async function newPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, baseURL: baseUrl });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() !== 'error' || EXPECTED_REFUSAL.test(message.text())) return;
      consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
    return { context, page };
  }

  async function shot(page: Page, name: string): Promise<void> {
    if (!SCREENSHOTS) return;
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
  }

  async function adminCreatesSale(input: {
    stock: number;
    startsInMs: number;
    strategy?: string;
    title: string;
    perUserLimit?: number;
    captcha?: { captchaRequired: true; captchaKind: 'pow' | 'image'; captchaDifficulty?: number };
  }): Promise<string> {
    const admin = await logInAsAdmin(http);
    const product = await http.post(
      '/api/admin/products',
      { name: 'Aurora sneaker', description: 'Numbered pair, 1 of a few', priceCents: 24000 },
      { token: admin },
    );
    const now = Date.now();
    const sale = await http.post(
      '/api/admin/flash-sales',
      {
        productId: product.body.id,
        title: input.title,
        salePriceCents: 9900,
        stock: input.stock,
        perUserLimit: input.perUserLimit ?? 1,
        startsAt: new Date(now + input.startsInMs).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
        strategy: input.strategy ?? 'sync',
        ...input.captcha,
      },
      { token: admin },
    );
    if (sale.status !== 201) throw new Error(`sale: ${sale.status} ${sale.text}`);
    return sale.body.id;
  }

  async function registerInBrowser(page: Page, name: string): Promise<string> {
    const email = `${name.toLowerCase()}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@test.local`;
    await page.goto('/register');
    // The API's validation messages appear beside the fields.
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#email-error').waitFor();
    await page.locator('#password-error').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('shopper-pass-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    return email;
  }

  it('a shopper registers, waits for the countdown, buys, pays and sees the notification; a second sees sold out', async () => {
    const saleId = await adminCreatesSale({ stock: 1, startsInMs: 9000, title: 'Midnight drop' });
    const { context, page } = await newPage();
    await registerInBrowser(page, 'Ada');

    await page.goto('/');
    const card = page.locator(`[data-sale-id="${saleId}"]`);
    await card.getByTestId('countdown').waitFor();
    await shot(page, 'storefront-desktop');
    await card.getByRole('link', { name: 'Midnight drop' }).click();
    await page.getByRole('heading', { name: 'Midnight drop' }).waitFor();
    const buy = page.getByRole('button', { name: /Buy now|Opens soon/ });
    expect(await buy.isDisabled()).toBe(true);
    await page.getByTestId('countdown').waitFor();
    await shot(page, 'sale-desktop');
    // The button opens by itself when the server's clock reaches the start.
    await page
      .getByRole('button', { name: 'Buy now' })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 20000 });
    await page.getByRole('button', { name: 'Buy now' }).click();
    const outcome = page.getByTestId('outcome');
    await outcome.and(page.locator('[data-status="pending_payment"]')).waitFor();
    await page.locator('.toast[data-kind="order_placed"]').waitFor();

    await page.getByRole('link', { name: 'My orders' }).first().click();
    const order = page.locator('[data-status="pending_payment"]').first();
    await order.getByText('Time left to pay').waitFor();
    // A declined card first: the order stays payable.
    await order.getByRole('button', { name: /declined/ }).click();
    await page.getByTestId('order-message').getByText('declined').waitFor();
    await page
      .locator('[data-status="pending_payment"]')
      .first()
      .getByRole('button', { name: /^Pay \$/ })
      .click();
    await page.locator('li[data-status="paid"]').waitFor();
    await page.locator('.toast[data-kind="payment_accepted"]').waitFor();
    await page.getByRole('link', { name: /Notifications/ }).click();
    await page.locator('li[data-kind="payment_accepted"]').waitFor();

    const second = await newPage(PHONE);
    await registerInBrowser(second.page, 'Bea');
    await second.page.goto(`/sales/${saleId}`);
    await second.page.getByRole('button', { name: 'Sold out' }).waitFor();
    await second.page.getByText('Sold out: every unit has been sold.').waitFor();
    await context.close();
    await second.context.close();
  });

  it('an async sale with a proof-of-work captcha: solved in the browser, the ticket followed to its order', async () => {
    const saleId = await adminCreatesSale({
      stock: 5,
      startsInMs: 1500,
      strategy: 'async',
      title: 'Queued drop',
      captcha: { captchaRequired: true, captchaKind: 'pow', captchaDifficulty: 5000 },
    });
    const { context, page } = await newPage(PHONE);
    await registerInBrowser(page, 'Cy');
    await page.goto(`/sales/${saleId}`);
    await page.getByRole('heading', { name: 'Queued drop' }).waitFor();
    await shot(page, 'sale-phone');
    await page
      .getByRole('button', { name: 'Buy now' })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: 15000 });
    await page.getByRole('button', { name: 'Buy now' }).click();
    await page
      .getByTestId('outcome')
      .and(page.locator('[data-status="pending_payment"]'))
      .waitFor({ timeout: 30000 });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Flash sales' }).waitFor();
    await page.getByRole('link', { name: 'Queued drop' }).first().waitFor();
    await shot(page, 'storefront-phone');
    await context.close();
  });

  it('an admin creates a product and a sale in the console, sees it on the storefront, and watches the crowd sell it out', async () => {
    const { context, page } = await newPage();
    await page.goto('/admin');
    await page.getByLabel('Admin email').fill(TEST_ADMIN_CREDENTIALS.email);
    await page.getByLabel('Password').fill(TEST_ADMIN_CREDENTIALS.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('button', { name: 'New product' }).click();
    await page.getByLabel('Name').fill('Comet jacket');
    await page.getByLabel('Description').fill('Reflective, limited run');
    await page.getByLabel('List price (cents)').fill('30000');
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('cell', { name: /Comet jacket/ }).waitFor();

    await page.getByRole('link', { name: 'Sales' }).click();
    await page.getByRole('button', { name: 'New sale' }).click();
    await page.getByLabel('Product').selectOption({ label: 'Comet jacket' });
    await page.getByLabel('Title').fill('Comet night');
    await page.getByLabel('Sale price (cents)').fill('12000');
    await page.getByLabel('Stock').fill('20');
    const startsAt = new Date(Date.now() + 6000);
    const local = (d: Date) => {
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    };
    await page.getByLabel('Starts at (local time)').fill(local(startsAt));
    await page.getByLabel('Ordering strategy').selectOption('bucketed');
    await page.getByLabel('Buckets').fill('4');
    await page.getByRole('button', { name: 'Save sale' }).click();
    await page.getByText('Saved “Comet night”').waitFor();
    const row = page.locator('tr', { hasText: 'Comet night' });
    const saleId = await row.getAttribute('data-sale-id');
    expect(saleId).toBeTruthy();

    const shopper = await newPage(PHONE);
    await shopper.page.goto('/');
    await shopper.page.getByRole('link', { name: 'Comet night' }).waitFor();
    await shopper.context.close();

    await row.getByRole('button', { name: 'Dashboard' }).click();
    await page.getByTestId('sold').waitFor();
    expect(await page.getByTestId('sold').textContent()).toBe('0');

    // The scripted crowd: 40 shoppers for 20 units, each buys once the sale opens and pays.
    const crowd = await crowdOf(40);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt.getTime() - Date.now() + 200)));
    await Promise.all(
      crowd.map(async (token) => {
        const placed = await http.post(`/api/flash-sales/${saleId}/orders`, {}, { token });
        if (placed.status === 201) await http.post(`/api/orders/${placed.body.id}/pay`, {}, { token });
      }),
    );
    await page
      .getByTestId('sold')
      .and(page.getByText('20', { exact: true }))
      .waitFor({ timeout: 15000 });
    await page.getByTestId('consistent').getByText('OK').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await shot(page, 'dashboard-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'dashboard-phone');

    // Bull Board opens behind the console's sign-in.
    const board = await page.request.get('/admin/queues/api/queues');
    expect(board.status()).toBe(200);
    await context.close();
  });

  async function crowdOf(count: number): Promise<string[]> {
    const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const now = new Date();
    const values = Array.from({ length: count }, (_, i) => [
      `crowd-${tag}-${i}@test.local`,
      'x',
      `Crowd ${i}`,
      'customer',
      now,
      now,
    ]);
    await environment.db.query(
      `INSERT INTO users (email, password_hash, display_name, role, created_at, updated_at) VALUES ${values.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      values.flat(),
    );
    const rows: { id: string }[] = await environment.db.query('SELECT id FROM users WHERE email LIKE ?', [
      `crowd-${tag}-%`,
    ]);
    const { secret, issuer, audience } = environment.config.jwt;
    return rows.map((row) =>
      sign({ sub: String(row.id), role: 'customer' }, secret, {
        algorithm: 'HS256',
        issuer,
        audience,
        expiresIn: 600,
      }),
    );
  }

  it('shows the server output when something failed', () => {
    if (server.exitCode !== null) throw new Error(serverOutput);
  });
});
