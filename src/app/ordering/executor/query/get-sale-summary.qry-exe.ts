import { Injectable } from '@nestjs/common';
import { FlashSaleRepository } from '../../../../domain/catalog/flash-sale.repository';
import { AttemptCounter } from '../../../../domain/ordering/attempt-counter';
import { OrderPlacementQueue } from '../../../../domain/ordering/order-placement-queue';
import { StockRepairLog } from '../../../../domain/ordering/stock-repair-log';
import { type GateState, StockGate } from '../../../../domain/ordering/stock-gate';
import { type BucketStock, type OrderTotals, StockLedger } from '../../../../domain/ordering/stock-ledger';
import { type GetSaleSummaryQry } from './get-sale-summary.qry';
import { type SaleSummary } from './sale-summary';

/** What happened in a sale, and whether MySQL's stock, the orders and the Redis gate agree. */
@Injectable()
export class GetSaleSummaryQryExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly ledger: StockLedger,
    private readonly gate: StockGate,
    private readonly attempts: AttemptCounter,
    private readonly repairs: StockRepairLog,
    private readonly placements: OrderPlacementQueue,
  ) {}

  async execute(qry: GetSaleSummaryQry): Promise<SaleSummary> {
    const sale = await this.sales.getById(qry.saleId);
    const [{ buckets, totals }, attempts, gate, queueDepth, selfRepair] = await Promise.all([
      this.ledger.snapshot(sale.id),
      this.attempts.read(sale.id),
      this.gate.read(sale.id, sale.props.bucketCount),
      this.placements.pending().catch(() => null),
      this.repairs.read(sale.id).catch(() => null),
    ]);
    const sum = (pick: (bucket: BucketStock) => number) => buckets.reduce((total, b) => total + pick(b), 0);
    const stock = {
      available: sum((b) => b.available),
      reserved: sum((b) => b.reserved),
      sold: sum((b) => b.sold),
    };
    const drift = findDrift(sale.props.stock, buckets, stock, totals, gate);
    return {
      saleId: sale.id,
      stock: sale.props.stock,
      ...stock,
      orders: {
        pendingPayment: totals.pendingPayment,
        paid: totals.paid,
        cancelled: totals.cancelled,
        expired: totals.expired,
      },
      buyers: totals.buyers,
      revenueCents: totals.revenueCents,
      attempts,
      queueDepth,
      consistent: drift.length === 0,
      drift,
      selfRepair,
    };
  }
}

function findDrift(
  total: number,
  buckets: BucketStock[],
  stock: { available: number; reserved: number; sold: number },
  orders: OrderTotals,
  gate: GateState | null,
): string[] {
  const drift: string[] = [];
  if (stock.available + stock.reserved + stock.sold !== total) {
    drift.push(
      `MySQL: available + reserved + sold = ${stock.available + stock.reserved + stock.sold}, not ${total}`,
    );
  }
  if (stock.reserved !== orders.reservedUnits) {
    drift.push(`MySQL: ${stock.reserved} units reserved, pending orders hold ${orders.reservedUnits}`);
  }
  if (stock.sold !== orders.soldUnits) {
    drift.push(`MySQL: ${stock.sold} units sold, paid orders hold ${orders.soldUnits}`);
  }
  // A gate not loaded is not drift: the next attempt or warm-up loads it from MySQL.
  if (gate) {
    buckets.forEach((bucket, index) => {
      if (gate.buckets[index] !== bucket.available) {
        drift.push(
          `Redis bucket ${bucket.bucketNo}: ${gate.buckets[index]} units, MySQL ${bucket.available}`,
        );
      }
    });
    if (gate.buyerUnits !== orders.reservedUnits + orders.soldUnits) {
      drift.push(
        `Redis: buyers hold ${gate.buyerUnits} units, live orders ${orders.reservedUnits + orders.soldUnits}`,
      );
    }
  }
  return drift;
}
