import { type FlashSale } from '../../domain/catalog/flash-sale';
import { type GateSnapshot } from '../../domain/ordering/stock-gate';
import { type StockLedger } from '../../domain/ordering/stock-ledger';

/** What the gate must hold for a sale, as MySQL has it now. */
export async function loadGateSnapshot(ledger: StockLedger, sale: FlashSale): Promise<GateSnapshot> {
  const [buckets, buyers] = await Promise.all([ledger.buckets(sale.id), ledger.buyers(sale.id)]);
  return {
    saleId: sale.id,
    startsAtMs: sale.props.startsAt.getTime(),
    endsAtMs: sale.props.endsAt.getTime(),
    perUserLimit: sale.props.perUserLimit,
    buckets: buckets.map((bucket) => bucket.available),
    buyers,
  };
}
