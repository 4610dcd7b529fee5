import { Injectable } from '@nestjs/common';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { SoldOutBoard } from '../../../domain/ordering/sold-out-board';
import { StockGate } from '../../../domain/ordering/stock-gate';
import { StockLedger } from '../../../domain/ordering/stock-ledger';
import { loadGateSnapshot } from '../gate-snapshot';
import { type ReconcileSaleCmd } from './reconcile-sale.cmd';

/**
 * Repairs drift after a crash between the gate and MySQL: the orders are the record, so MySQL's stock rows
 * and buyer quotas are recomputed from them, then the gate is reloaded from MySQL. Meant for a quiet moment;
 * even mid-sale it cannot oversell, since MySQL guards every write.
 */
@Injectable()
export class ReconcileSaleCmdExe {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly ledger: StockLedger,
    private readonly gate: StockGate,
    private readonly soldOut: SoldOutBoard,
  ) {}

  async execute(cmd: ReconcileSaleCmd): Promise<void> {
    const sale = await this.sales.getById(cmd.saleId);
    await this.ledger.rebuildFromOrders(sale.id);
    await this.gate.prepare(await loadGateSnapshot(this.ledger, sale), 'reset');
    await this.soldOut.announceRestock(sale.id);
  }
}
