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

/**
 * Moves units between the states of one bucket's stock row with the optimistic guard written by hand:
 * `WHERE version = ? AND <from> >= ?`, checking the affected rows (TypeORM's @VersionColumn does not guard an
 * update). The row is read FOR UPDATE first, so concurrent writers queue on its lock and each then finds the
 * version it read still current. Reading it without the lock let writers miss each other's versions and
 * retry in storms: the benchmark's hot row took 11 s to take 2,000 orders that way.
 */
export async function moveStock(
  em: EntityManager,
  move: StockMove,
  saleId: string,
  bucketNo: number,
  quantity: number,
): Promise<void> {
  const { set, guard } = MOVES[move];
  const rows = await em.query<{ units: number; version: number }[]>(
    `SELECT ${guard} AS units, version FROM sale_stock_buckets WHERE sale_id = ? AND bucket_no = ? FOR UPDATE`,
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
  // Only a writer that skipped the lock could have moved the version; nothing was decided, so try again later.
  if (result.affectedRows !== 1) throw new BusyError('The stock changed under a held lock; try again');
}

export function affectedRows(result: unknown): number {
  return (result as ResultHeader).affectedRows;
}

export function insertId(result: unknown): string {
  return String((result as ResultHeader).insertId);
}
