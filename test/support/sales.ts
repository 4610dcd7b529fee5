import { sign } from 'jsonwebtoken';
import { type StrategyKind } from '../../src/domain/catalog/flash-sale';
import { type HttpClient } from './http-client';
import { type TestApp } from './test-app';

export interface SaleInput {
  stock: number;
  perUserLimit?: number;
  strategy?: StrategyKind;
  bucketCount?: number;
  paymentTimeoutSeconds?: number;
  captchaRequired?: boolean;
  captchaKind?: 'pow' | 'image';
  captchaDifficulty?: number;
  salePriceCents?: number;
  /** Milliseconds from now; a sale opening shortly after creation by default. */
  startsInMs?: number;
  endsInMs?: number;
}

export interface Shopper {
  id: string;
  token: string;
}

/** A product and a sale, through the admin API as an admin would make them. */
export async function createSale(http: HttpClient, adminToken: string, input: SaleInput): Promise<string> {
  const product = await http.post(
    '/api/admin/products',
    { name: 'Limited sneaker', description: 'Numbered pair', priceCents: 20000 },
    { token: adminToken },
  );
  if (product.status !== 201) throw new Error(`product: ${product.status} ${product.text}`);
  const now = Date.now();
  const sale = await http.post(
    '/api/admin/flash-sales',
    {
      productId: product.body.id,
      title: 'Sneaker drop',
      salePriceCents: input.salePriceCents ?? 9900,
      stock: input.stock,
      perUserLimit: input.perUserLimit ?? 1,
      startsAt: new Date(now + (input.startsInMs ?? 1000)).toISOString(),
      endsAt: new Date(now + (input.endsInMs ?? 3_600_000)).toISOString(),
      ...(input.strategy ? { strategy: input.strategy } : {}),
      ...(input.bucketCount ? { bucketCount: input.bucketCount } : {}),
      ...(input.paymentTimeoutSeconds ? { paymentTimeoutSeconds: input.paymentTimeoutSeconds } : {}),
      ...(input.captchaRequired ? { captchaRequired: true } : {}),
      ...(input.captchaKind ? { captchaKind: input.captchaKind } : {}),
      ...(input.captchaDifficulty ? { captchaDifficulty: input.captchaDifficulty } : {}),
    },
    { token: adminToken },
  );
  if (sale.status !== 201) throw new Error(`sale: ${sale.status} ${sale.text}`);
  return sale.body.id;
}

/** Resolves once the sale's start time has passed. */
export async function untilOpen(http: HttpClient, saleId: string): Promise<void> {
  const sale = await http.get(`/api/flash-sales/${saleId}`);
  const wait = new Date(sale.body.startsAt).getTime() - Date.now() + 20;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * Many shoppers at once: rows written straight into MySQL and tokens signed with the app's own secret, issuer
 * and audience (what login would issue), so a 500-shopper test does not spend its time hashing passwords.
 */
export async function createShoppers(t: Pick<TestApp, 'environment'>, count: number): Promise<Shopper[]> {
  const db = t.environment.db;
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const now = new Date();
  const values = Array.from({ length: count }, (_, i) => [
    `bulk-${tag}-${i}@test.local`,
    'x',
    `Shopper ${i}`,
    'customer',
    now,
    now,
  ]);
  await db.query(
    `INSERT INTO users (email, password_hash, display_name, role, created_at, updated_at) VALUES ${values
      .map(() => '(?, ?, ?, ?, ?, ?)')
      .join(', ')}`,
    values.flat(),
  );
  const rows: { id: string }[] = await db.query('SELECT id FROM users WHERE email LIKE ? ORDER BY id', [
    `bulk-${tag}-%`,
  ]);
  const { secret, issuer, audience } = t.environment.config.jwt;
  return rows.map((row) => ({
    id: String(row.id),
    token: sign({ sub: String(row.id), role: 'customer' }, secret, {
      algorithm: 'HS256',
      issuer,
      audience,
      expiresIn: 3600,
    }),
  }));
}

export function buy(http: HttpClient, saleId: string, shopper: Shopper, body: object = {}, headers = {}) {
  return http.post(`/api/flash-sales/${saleId}/orders`, body, { token: shopper.token, headers });
}

export interface StockRow {
  total: number;
  available: number;
  reserved: number;
  sold: number;
}

export async function stockInMysql(t: Pick<TestApp, 'environment'>, saleId: string): Promise<StockRow> {
  const [row] = await t.environment.db.query(
    `SELECT SUM(total) AS total, SUM(available) AS available, SUM(reserved) AS reserved, SUM(sold) AS sold
       FROM sale_stock_buckets WHERE sale_id = ?`,
    [saleId],
  );
  return {
    total: Number(row.total),
    available: Number(row.available),
    reserved: Number(row.reserved),
    sold: Number(row.sold),
  };
}

/** DESIGN.md's invariant at a quiescent point, checked in MySQL, against the orders and through the summary. */
export async function expectConsistent(
  t: Pick<TestApp, 'environment' | 'http'>,
  saleId: string,
  adminToken: string,
): Promise<void> {
  const stock = await stockInMysql(t, saleId);
  expect(stock.available + stock.reserved + stock.sold).toBe(stock.total);
  const [orders] = await t.environment.db.query(
    `SELECT COALESCE(SUM(CASE WHEN status = 'pending_payment' THEN quantity END), 0) AS reserved,
            COALESCE(SUM(CASE WHEN status = 'paid' THEN quantity END), 0) AS sold
       FROM orders WHERE sale_id = ?`,
    [saleId],
  );
  expect({ reserved: stock.reserved, sold: stock.sold }).toEqual({
    reserved: Number(orders.reserved),
    sold: Number(orders.sold),
  });
  const summary = await t.http.get(`/api/admin/flash-sales/${saleId}/summary`, { token: adminToken });
  expect(summary.status).toBe(200);
  expect(summary.body.drift).toEqual([]);
  expect(summary.body.consistent).toBe(true);
}
