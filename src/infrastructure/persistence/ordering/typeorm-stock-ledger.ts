import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;
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
      await em.query(
        `UPDATE sale_stock_buckets b
           LEFT JOIN (
             SELECT bucket_no,
                    SUM(CASE WHEN status = 'pending_payment' THEN quantity ELSE 0 END) AS reserved,
                    SUM(CASE WHEN status = 'paid' THEN quantity ELSE 0 END) AS sold
               FROM orders WHERE sale_id = ? GROUP BY bucket_no
           ) o ON o.bucket_no = b.bucket_no
            SET b.reserved = COALESCE(o.reserved, 0),
                b.sold = COALESCE(o.sold, 0),
                b.available = b.total - COALESCE(o.reserved, 0) - COALESCE(o.sold, 0),
                b.version = b.version + 1
          WHERE b.sale_id = ?`,
        [saleId, saleId],
      );
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
