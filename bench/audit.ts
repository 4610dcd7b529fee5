import { type Pool as MysqlPool, type RowDataPacket } from 'mysql2/promise';

/** What MySQL, the source of truth, says after a run. Every count must be 0. */
export interface Audit {
  /** Units in live orders beyond the sale's stock (and stock rows that went negative or do not add up). */
  oversold: number;
  /** Units still available at the end although shoppers were told SOLD_OUT. */
  stranded: number;
  /** Shoppers holding more than the per-user limit. */
  usersOverLimit: number;
  /** |units in live orders − (reserved + sold) in the stock rows|. */
  ordersNotMatchingStock: number;
  /** |orders in MySQL − attempts the shoppers were told succeeded (201, or a succeeded ticket)|. */
  answersNotMatchingOrders: number;
  /** async: accepted tickets still not succeeded or failed when the harness stopped waiting. */
  ticketsUnfinished: number;
  /** The summary endpoint (platform only): 1 when it does not say consistent. */
  summaryInconsistent: number;
}

export interface AuditFacts {
  total: number;
  available: number;
  reserved: number;
  sold: number;
  orders: number;
  orderUnits: number;
  buyers: number;
}

export interface AuditInput {
  saleId: string;
  perUserLimit: number;
  /** SOLD_OUT answers the shoppers got. */
  soldOutAnswers: number;
  /** Orders the shoppers were told they have (201s, or tickets that succeeded). */
  confirmedOrders: number;
  ticketsUnfinished: number;
  /** undefined when there is no summary to ask (the naive baseline). */
  summaryConsistent?: boolean;
}

export function auditPassed(audit: Audit): boolean {
  return Object.values(audit).every((count) => count === 0);
}

export async function auditSale(
  db: MysqlPool,
  input: AuditInput,
): Promise<{ audit: Audit; facts: AuditFacts }> {
  const [[stock]] = await db.query<RowDataPacket[]>(
    `SELECT COALESCE(SUM(total), 0) AS total, COALESCE(SUM(available), 0) AS available,
            COALESCE(SUM(reserved), 0) AS reserved, COALESCE(SUM(sold), 0) AS sold,
            COALESCE(SUM(available < 0 OR reserved < 0 OR sold < 0 OR available + reserved + sold <> total), 0) AS bad
       FROM sale_stock_buckets WHERE sale_id = ?`,
    [input.saleId],
  );
  const [[orders]] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS orders, COALESCE(SUM(quantity), 0) AS units, COUNT(DISTINCT user_id) AS buyers
       FROM orders WHERE sale_id = ? AND status IN ('pending_payment', 'paid')`,
    [input.saleId],
  );
  const [[overLimit]] = await db.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS users FROM (
       SELECT user_id FROM orders WHERE sale_id = ? AND status IN ('pending_payment', 'paid')
        GROUP BY user_id HAVING SUM(quantity) > ?) AS held`,
    [input.saleId, input.perUserLimit],
  );
  const [[quotaOverLimit]] = await db.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS users FROM sale_buyers WHERE sale_id = ? AND units > ?',
    [input.saleId, input.perUserLimit],
  );
  const facts: AuditFacts = {
    total: Number(stock.total),
    available: Number(stock.available),
    reserved: Number(stock.reserved),
    sold: Number(stock.sold),
    orders: Number(orders.orders),
    orderUnits: Number(orders.units),
    buyers: Number(orders.buyers),
  };
  const audit: Audit = {
    oversold: Math.max(0, facts.orderUnits - facts.total) + Number(stock.bad),
    stranded: input.soldOutAnswers > 0 ? Math.max(0, facts.available) : 0,
    usersOverLimit: Math.max(Number(overLimit.users), Number(quotaOverLimit.users)),
    ordersNotMatchingStock: Math.abs(facts.orderUnits - (facts.reserved + facts.sold)),
    answersNotMatchingOrders: Math.abs(facts.orders - input.confirmedOrders),
    ticketsUnfinished: input.ticketsUnfinished,
    summaryInconsistent: input.summaryConsistent === false ? 1 : 0,
  };
  return { audit, facts };
}

/** Shoppers (user ids) holding an order of the sale: the winners. */
export async function winnersOf(db: MysqlPool, saleId: string): Promise<Set<string>> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT DISTINCT user_id FROM orders WHERE sale_id = ? AND status IN ('pending_payment', 'paid')`,
    [saleId],
  );
  return new Set(rows.map((row) => String(row.user_id)));
}

/** Units held by live orders of the sale, for the "persisted in MySQL" clock. */
export async function persistedUnits(db: MysqlPool, saleId: string): Promise<number> {
  const [[row]] = await db.query<RowDataPacket[]>(
    `SELECT COALESCE(SUM(quantity), 0) AS units FROM orders
      WHERE sale_id = ? AND status IN ('pending_payment', 'paid')`,
    [saleId],
  );
  return Number(row.units);
}
