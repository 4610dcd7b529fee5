import { type EntityManager } from 'typeorm';
import { BusyError, SoldOutError } from '../../../domain/ordering/ordering.errors';

interface ResultHeader {
  affectedRows: number;
  insertId: number | string;
}

export type StockMove = 'reserve' | 'sell' | 'unreserve';

const MOVES: Record<StockMove, { set: string; guard: string }> = {
  reserve: { set: 'available = available - ?, reserved = reserved + ?', guard: 'available' },
  sell: { set: 'reserved = reserved - ?, sold = sold + ?', guard: 'reserved' },
  unreserve: { set: 'reserved = reserved - ?, available = available + ?', guard: 'reserved' },
};

/** Bounded: with the gate in front only winners get here, and each round at least one of them commits. */
const MAX_VERSION_MISSES = 24;

/**
 * Moves units between the states of one bucket's stock row with the optimistic guard written by hand:
 * `WHERE version = ? AND <from> >= ?`, checking the affected rows, re-reading and retrying on a version miss.
 * (TypeORM's @VersionColumn does not guard an update.) Runs inside a READ COMMITTED transaction, so each
 * re-read sees the latest committed version.
 */
export async function moveStock(
  em: EntityManager,
  move: StockMove,
  saleId: string,
  bucketNo: number,
  quantity: number,
): Promise<void> {
  const { set, guard } = MOVES[move];
  for (let miss = 0; miss < MAX_VERSION_MISSES; miss++) {
    const rows = await em.query<{ units: number; version: number }[]>(
      `SELECT ${guard} AS units, version FROM sale_stock_buckets WHERE sale_id = ? AND bucket_no = ?`,
      [saleId, bucketNo],
    );
    const row = rows[0];
    if (!row || Number(row.units) < quantity) {
      if (move === 'reserve') throw new SoldOutError();
      throw new Error(`Stock row ${saleId}/${bucketNo} holds fewer ${guard} units than an order says`);
    }
    const result = await em.query<ResultHeader>(
      `UPDATE sale_stock_buckets SET ${set}, version = version + 1
        WHERE sale_id = ? AND bucket_no = ? AND version = ? AND ${guard} >= ?`,
      [quantity, quantity, saleId, bucketNo, row.version, quantity],
    );
    if (result.affectedRows === 1) return;
  }
  throw new BusyError('The stock is too contended right now; try again');
}

export function affectedRows(result: unknown): number {
  return (result as ResultHeader).affectedRows;
}

export function insertId(result: unknown): string {
  return String((result as ResultHeader).insertId);
}
