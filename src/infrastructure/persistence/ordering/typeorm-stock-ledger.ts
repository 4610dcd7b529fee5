import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;
import { decodeParts } from '../../../domain/ordering/order';
import { type BucketStock, type OrderTotals, StockLedger } from '../../../domain/ordering/stock-ledger';

@Injectable()
export class TypeormStockLedger extends StockLedger {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async buckets(saleId: string, db: Queryable = this.dataSource): Promise<BucketStock[]> {
    const rows = await db.query<Record<string, number | string>[]>(
      `SELECT bucket_no, total, available, reserved, sold FROM sale_stock_buckets
        WHERE sale_id = ? ORDER BY bucket_no`,
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

  async buyers(saleId: string): Promise<Record<string, number>> {
    const rows = await this.dataSource.query<{ user_id: string; units: number }[]>(
      'SELECT user_id, units FROM sale_buyers WHERE sale_id = ? AND units > 0',
      [saleId],
    );
    return Object.fromEntries(rows.map((row) => [String(row.user_id), Number(row.units)]));
  }

  private async orderTotals(saleId: string, db: Queryable): Promise<OrderTotals> {
    const [row] = await db.query<Record<string, string | number>[]>(
      `SELECT
         COALESCE(SUM(status = 'pending_payment'), 0) AS pending_payment,
         COALESCE(SUM(status = 'paid'), 0) AS paid,
         COALESCE(SUM(status = 'cancelled'), 0) AS cancelled,
         COALESCE(SUM(status = 'expired'), 0) AS expired,
         COALESCE(SUM(CASE WHEN status = 'pending_payment' THEN quantity ELSE 0 END), 0) AS reserved_units,
         COALESCE(SUM(CASE WHEN status = 'paid' THEN quantity ELSE 0 END), 0) AS sold_units,
         COUNT(DISTINCT CASE WHEN status IN ('pending_payment', 'paid') THEN user_id END) AS buyers,
         COALESCE(SUM(CASE WHEN status = 'paid' THEN total_cents ELSE 0 END), 0) AS revenue_cents
       FROM orders WHERE sale_id = ?`,
      [saleId],
    );
    return {
      pendingPayment: Number(row.pending_payment),
      paid: Number(row.paid),
      cancelled: Number(row.cancelled),
      expired: Number(row.expired),
      reservedUnits: Number(row.reserved_units),
      soldUnits: Number(row.sold_units),
      buyers: Number(row.buyers),
      revenueCents: Number(row.revenue_cents),
    };
  }

  async snapshot(saleId: string): Promise<{ buckets: BucketStock[]; totals: OrderTotals }> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => ({
      buckets: await this.buckets(saleId, em),
      totals: await this.orderTotals(saleId, em),
    }));
  }

  /** The orders are the record: stock rows and buyer quotas are recomputed from them, in one transaction. */
  async rebuildFromOrders(saleId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      // Orders of one set of buckets are grouped; an order drawn from several buckets counts in each of them.
      const groups = await em.query<
        { bucket_no: number; bucket_parts: string | null; status: string; n: number; units: number }[]
      >(
        `SELECT bucket_no, bucket_parts, status, COUNT(*) AS n, SUM(quantity) AS units FROM orders
          WHERE sale_id = ? AND status IN ('pending_payment', 'paid') GROUP BY bucket_no, bucket_parts, status`,
        [saleId],
      );
      const held = new Map<number, { reserved: number; sold: number }>();
      const add = (bucketNo: number, status: string, units: number) => {
        const bucket = held.get(bucketNo) ?? { reserved: 0, sold: 0 };
        if (status === 'paid') bucket.sold += units;
        else bucket.reserved += units;
        held.set(bucketNo, bucket);
      };
      for (const group of groups) {
        if (group.bucket_parts === null) add(Number(group.bucket_no), group.status, Number(group.units));
        else {
          for (const part of decodeParts(group.bucket_parts)) {
            add(part.bucketNo, group.status, part.units * Number(group.n));
          }
        }
      }
      const rows = await em.query<{ bucket_no: number }[]>(
        'SELECT bucket_no FROM sale_stock_buckets WHERE sale_id = ? FOR UPDATE',
        [saleId],
      );
      for (const row of rows) {
        const { reserved, sold } = held.get(Number(row.bucket_no)) ?? { reserved: 0, sold: 0 };
        await em.query(
          `UPDATE sale_stock_buckets SET reserved = ?, sold = ?, available = total - ? - ?, version = version + 1
            WHERE sale_id = ? AND bucket_no = ?`,
          [reserved, sold, reserved, sold, saleId, row.bucket_no],
        );
      }
      await em.query('DELETE FROM sale_buyers WHERE sale_id = ?', [saleId]);
      await em.query(
        `INSERT INTO sale_buyers (sale_id, user_id, units)
         SELECT sale_id, user_id, SUM(quantity) FROM orders
          WHERE sale_id = ? AND status IN ('pending_payment', 'paid') GROUP BY sale_id, user_id`,
        [saleId],
      );
    });
  }
}
