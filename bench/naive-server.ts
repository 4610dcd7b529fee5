/**
 * The naive baseline: what most flash-sale tutorials ship. Plain node:http and mysql2, no Redis, no cache, no
 * queue: every attempt, winner or loser, opens a transaction and locks the sale's stock row with
 * SELECT … FOR UPDATE, so all attempts of a sale queue up behind one row lock. It sells from the platform's own
 * schema (sale_stock_buckets, sale_buyers, orders) and answers like the platform (201 with the order,
 * 409 SOLD_OUT / LIMIT_EXCEEDED), so the same load and the same audit run against both.
 *
 * Run: DB_* and JWT_* as for the platform, NAIVE_PORT; `node -r ts-node/register/transpile-only bench/naive-server.ts`
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type JwtPayload, verify } from 'jsonwebtoken';
import { createPool, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';

const ORDER_ROUTE = /^\/api\/flash-sales\/(\d+)\/orders$/;
const BODY_LIMIT = 16 * 1024;

const env = process.env;
const pool = createPool({
  host: env.DB_HOST ?? '127.0.0.1',
  port: Number(env.DB_PORT ?? 3306),
  user: env.DB_USERNAME ?? 'flashsale',
  password: env.DB_PASSWORD ?? 'flashsale',
  database: env.DB_DATABASE,
  connectionLimit: Number(env.DB_POOL_SIZE ?? 10),
  timezone: 'Z',
  supportBigNumbers: true,
  bigNumberStrings: true,
});
const jwt = {
  secret: env.JWT_SECRET ?? '',
  issuer: env.JWT_ISSUER ?? 'flash-sale',
  audience: env.JWT_AUDIENCE ?? 'flash-sale-api',
};

class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

function error(status: number, code: string, message: string): Answer {
  return new Answer(status, { statusCode: status, code, message, details: [] });
}

async function placeOrder(saleId: string, userId: string, quantity: number): Promise<Answer> {
  const db = await pool.getConnection();
  try {
    await db.beginTransaction();
    const [sales] = await db.query<RowDataPacket[]>(
      `SELECT per_user_limit, sale_price_cents, starts_at, ends_at, payment_timeout_seconds
         FROM flash_sales WHERE id = ? AND deleted_at IS NULL`,
      [saleId],
    );
    const sale = sales[0];
    const now = new Date();
    let refusal: Answer | undefined;
    if (!sale) refusal = error(404, 'NOT_FOUND', 'The sale was not found');
    else if (now < sale.starts_at) refusal = error(409, 'SALE_NOT_STARTED', 'This sale has not started');
    else if (now >= sale.ends_at) refusal = error(409, 'SALE_ENDED', 'This sale has ended');
    if (refusal || !sale) {
      await db.rollback();
      return refusal ?? error(404, 'NOT_FOUND', 'The sale was not found');
    }
    // The tutorial's lock: every attempt waits here for the one before it.
    const [stock] = await db.query<RowDataPacket[]>(
      'SELECT available FROM sale_stock_buckets WHERE sale_id = ? AND bucket_no = 0 FOR UPDATE',
      [saleId],
    );
    if (!stock[0] || Number(stock[0].available) < quantity) {
      await db.rollback();
      return error(409, 'SOLD_OUT', 'This sale is sold out');
    }
    const [buyer] = await db.query<RowDataPacket[]>(
      'SELECT units FROM sale_buyers WHERE sale_id = ? AND user_id = ? FOR UPDATE',
      [saleId, userId],
    );
    const limit = Number(sale.per_user_limit);
    if (Number(buyer[0]?.units ?? 0) + quantity > limit) {
      await db.rollback();
      return error(409, 'LIMIT_EXCEEDED', `At most ${limit} per shopper`);
    }
    await db.query(
      `INSERT INTO sale_buyers (sale_id, user_id, units) VALUES (?, ?, ?)
         ON DUPLICATE KEY UPDATE units = units + VALUES(units)`,
      [saleId, userId, quantity],
    );
    await db.query(
      `UPDATE sale_stock_buckets SET available = available - ?, reserved = reserved + ?, version = version + 1
        WHERE sale_id = ? AND bucket_no = 0`,
      [quantity, quantity, saleId],
    );
    const price = Number(sale.sale_price_cents);
    const expiresAt = new Date(now.getTime() + Number(sale.payment_timeout_seconds) * 1000);
    const [inserted] = await db.query<ResultSetHeader>(
      `INSERT INTO orders (sale_id, user_id, bucket_no, quantity, unit_price_cents, total_cents, status,
                           attempt_id, created_at, updated_at, expires_at)
       VALUES (?, ?, 0, ?, ?, ?, 'pending_payment', ?, ?, ?, ?)`,
      [saleId, userId, quantity, price, price * quantity, randomUUID(), now, now, expiresAt],
    );
    await db.commit();
    return new Answer(201, {
      id: String(inserted.insertId),
      saleId,
      quantity,
      unitPriceCents: price,
      totalCents: price * quantity,
      status: 'pending_payment',
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      paidAt: null,
    });
  } catch (cause) {
    await db.rollback().catch(() => undefined);
    console.error(`naive-server: order failed: ${String(cause)}`);
    return error(500, 'INTERNAL', 'Unexpected error');
  } finally {
    db.release();
  }
}

function userOf(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  try {
    const payload = verify(match[1], jwt.secret, {
      algorithms: ['HS256'],
      issuer: jwt.issuer,
      audience: jwt.audience,
    }) as JwtPayload;
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > BODY_LIMIT ? undefined : Buffer.concat(chunks).toString()));
    request.on('error', reject);
  });
}

async function handle(request: IncomingMessage): Promise<Answer> {
  const url = request.url ?? '/';
  if (request.method === 'GET' && url === '/health/live') return new Answer(200, { status: 'ok' });
  const route = ORDER_ROUTE.exec(url);
  if (request.method !== 'POST' || !route) return error(404, 'NOT_FOUND', 'Not found');
  const raw = await readBody(request);
  if (raw === undefined) return error(413, 'PAYLOAD_TOO_LARGE', 'Body too large');
  const userId = userOf(request);
  if (!userId) return error(401, 'UNAUTHENTICATED', 'Sign in first');
  let quantity = 1;
  try {
    const body = raw ? (JSON.parse(raw) as { quantity?: unknown }) : {};
    if (body.quantity !== undefined) quantity = Number(body.quantity);
  } catch {
    return error(400, 'BAD_REQUEST', 'Body is not JSON');
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100) {
    return error(400, 'VALIDATION_FAILED', 'quantity must be 1 to 100');
  }
  return placeOrder(route[1], userId, quantity);
}

function respond(response: ServerResponse, answer: Answer): void {
  const json = JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}

const server = createServer((request, response) => {
  handle(request).then(
    (answer) => respond(response, answer),
    (cause) => {
      console.error(`naive-server: ${String(cause)}`);
      respond(response, error(500, 'INTERNAL', 'Unexpected error'));
    },
  );
});
server.keepAliveTimeout = 65_000;

server.listen(Number(env.NAIVE_PORT ?? 3100), env.NAIVE_HOST ?? '127.0.0.1', () => {
  const address = server.address();
  console.log(`naive server listening on ${typeof address === 'object' && address ? address.port : '?'}`);
});

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().finally(() => process.exit(0));
});
