import { sign } from 'jsonwebtoken';
import { type Pool as MysqlPool, type RowDataPacket } from 'mysql2/promise';

export interface Shopper {
  id: string;
  token: string;
}

export interface JwtSettings {
  secret: string;
  issuer: string;
  audience: string;
}

/**
 * Many shoppers at once: rows written straight into MySQL and tokens signed with the platform's own secret,
 * issuer and audience (exactly what a login would issue), so 10,000 shoppers cost a second, not 10,000
 * Argon2 hashes.
 */
export async function createShoppers(
  db: MysqlPool,
  count: number,
  jwt: JwtSettings,
  tag: string,
): Promise<Shopper[]> {
  const now = new Date();
  const chunk = 1000;
  for (let from = 0; from < count; from += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - from) }, (_, k) => [
      `bench-${tag}-${from + k}@bench.local`,
      'not-a-hash: bench shoppers never log in',
      `Shopper ${from + k}`,
      'customer',
      now,
      now,
    ]);
    await db.query(
      'INSERT INTO users (email, password_hash, display_name, role, created_at, updated_at) VALUES ?',
      [rows],
    );
  }
  const [rows] = await db.query<RowDataPacket[]>('SELECT id FROM users WHERE email LIKE ? ORDER BY id', [
    `bench-${tag}-%`,
  ]);
  return rows.map((row) => ({
    id: String(row.id),
    token: sign({ sub: String(row.id), role: 'customer' }, jwt.secret, {
      algorithm: 'HS256',
      issuer: jwt.issuer,
      audience: jwt.audience,
      expiresIn: 4 * 3600,
    }),
  }));
}

/**
 * A distinct client address per request, sent as X-Forwarded-For: 198.18.0.0/15 (RFC 2544's benchmarking
 * range, 131,070 addresses) first, then one /64 each of IPv6's documentation prefix. Only ever a header value: every request
 * goes to 127.0.0.1.
 */
export class AddressBook {
  private next = 1;

  take(): string {
    const n = this.next++;
    if (n < 131_071) return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
    // One /64 per shopper: the platform counts an IPv6 client by its /64.
    return `2001:db8:${(n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`;
  }
}

/** mulberry32: a small seeded generator, so a run's order of shoppers can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Who sends attempt i: every shopper appears attempts/users times (the crowd presses "buy" again and again),
 * shuffled, so repeats mix with first tries as they do in a real spike.
 */
export function attemptOrder(attempts: number, users: number, random: () => number): Uint32Array {
  const order = new Uint32Array(attempts);
  for (let i = 0; i < attempts; i++) order[i] = i % users;
  for (let i = attempts - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}
