import { type HttpClient } from '../support/http-client';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** An ISO 8601 UTC time `ms` from now. */
export function fromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

export async function createProduct(
  http: HttpClient,
  token: string,
  fields: Record<string, unknown> = {},
): Promise<{ id: string; name: string; priceCents: number }> {
  const res = await http.post(
    '/api/admin/products',
    { name: 'Limited sneaker', description: 'Size 42', priceCents: 15000, ...fields },
    { token },
  );
  if (res.status !== 201) throw new Error(`create product: ${res.status} ${res.text}`);
  return res.body;
}

/** A sale of `productId`, upcoming by default (starts in a day, so no warm-up job fires during a test). */
export async function createSale(
  http: HttpClient,
  token: string,
  productId: string,
  fields: Record<string, unknown> = {},
): Promise<any> {
  const res = await http.post(
    '/api/admin/flash-sales',
    {
      productId,
      salePriceCents: 9900,
      stock: 100,
      startsAt: fromNow(24 * HOUR),
      endsAt: fromNow(25 * HOUR),
      ...fields,
    },
    { token },
  );
  if (res.status !== 201) throw new Error(`create sale: ${res.status} ${res.text}`);
  return res.body;
}

export interface StockRow {
  bucketNo: number;
  total: number;
  available: number;
  reserved: number;
  sold: number;
}

export async function stockRows(
  db: { query(sql: string, params?: unknown[]): Promise<any[]> },
  saleId: string,
): Promise<StockRow[]> {
  const rows = await db.query(
    'SELECT bucket_no, total, available, reserved, sold FROM sale_stock_buckets WHERE sale_id = ? ORDER BY bucket_no',
    [saleId],
  );
  return rows.map((row) => ({
    bucketNo: Number(row.bucket_no),
    total: Number(row.total),
    available: Number(row.available),
    reserved: Number(row.reserved),
    sold: Number(row.sold),
  }));
}

/** The ids of a list of items (typed, so a test never calls into an untyped body). */
export function idsOf(items: { id: string }[]): string[] {
  return items.map((item) => item.id);
}

/** The fields named by an error's details. */
export function fieldsOf(details: { field: string }[]): string[] {
  return details.map((detail) => detail.field);
}
