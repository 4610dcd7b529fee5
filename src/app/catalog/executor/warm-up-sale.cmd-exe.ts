import { Injectable, Logger } from '@nestjs/common';
import { SaleAlreadyEndedError } from '../../../domain/catalog/catalog.errors';
import { type SaleStatus } from '../../../domain/catalog/flash-sale';
import { FlashSaleRepository } from '../../../domain/catalog/flash-sale.repository';
import { SaleGatePreparer } from '../../../domain/ordering/sale-gate-preparer';
import { Clock } from '../../../domain/shared/clock';
import { DomainError } from '../../../domain/shared/domain-error';
import { type WarmUpSaleCmd } from './warm-up-sale.cmd';

export interface WarmUpResult {
  saleId: string;
  status: SaleStatus;
  /** Units MySQL says are available, which is what the gate was loaded from. */
  remaining: number;
  preparedAt: Date;
}

/**
 * Loads a sale's gate (Redis) from MySQL. Idempotent: before the start it reloads what MySQL has; after the
 * start it fills only a missing gate, so units already sold are never offered again.
 */
@Injectable()
export class WarmUpSaleCmdExe {
  private readonly logger = new Logger(WarmUpSaleCmdExe.name);

  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly preparer: SaleGatePreparer,
    private readonly clock: Clock,
  ) {}

  /** Throws NOT_FOUND for an unknown sale and SALE_ENDED for one that is over: nothing to warm. */
  async execute(cmd: WarmUpSaleCmd): Promise<WarmUpResult> {
    const sale = await this.sales.getById(cmd.saleId);
    const status = sale.statusAt(this.clock.now());
    if (status === 'ended') throw new SaleAlreadyEndedError();
    try {
      await this.preparer.prepare(sale);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.logger.warn(`Gate of sale ${sale.id} not loaded: ${String(error)}`);
      throw new DomainError('BUSY', 'The stock gate cannot be reached; try again shortly', [], 1000);
    }
    const remaining = (await this.sales.remainingOf([sale.id])).get(sale.id) ?? 0;
    return { saleId: sale.id, status, remaining, preparedAt: this.clock.now() };
  }
}
