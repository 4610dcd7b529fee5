import { Injectable, Logger } from '@nestjs/common';
import { type FlashSale } from '../../domain/catalog/flash-sale';
import { FlashSaleRepository } from '../../domain/catalog/flash-sale.repository';
import { BusyError } from '../../domain/ordering/ordering.errors';
import { SaleDirectory } from '../../domain/ordering/sale-directory';
import { withTimeout } from '../resilience/with-timeout';

const FRESH_MS = 1000;
const FIRST_LOAD_TIMEOUT_MS = 2000;
const MAX_ENTRIES = 10_000;

interface Entry {
  sale: FlashSale | null;
  freshUntil: number;
}

/**
 * The sale behind each attempt, from process memory. An entry is refreshed in the background once it is a
 * second old, while the old copy keeps answering (one MySQL read per sale per second per instance at most), so
 * a slow or hung MySQL never stalls attempts for a sale already known. What can change during a sale (title,
 * price, limit, captcha) is seen within about a second; stock and times are locked once it starts.
 */
@Injectable()
export class LocalSaleDirectory extends SaleDirectory {
  private readonly logger = new Logger(LocalSaleDirectory.name);
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<FlashSale | null>>();

  constructor(private readonly sales: FlashSaleRepository) {
    super();
  }

  async get(saleId: string): Promise<FlashSale | null> {
    const entry = this.entries.get(saleId);
    if (entry) {
      if (entry.freshUntil < Date.now() && !this.loading.has(saleId)) {
        this.load(saleId).catch((error) =>
          this.logger.warn(`Sale ${saleId} not refreshed: ${String(error)}`),
        );
      }
      return entry.sale;
    }
    try {
      return await withTimeout(this.loading.get(saleId) ?? this.load(saleId), FIRST_LOAD_TIMEOUT_MS, 'MySQL');
    } catch {
      throw new BusyError('The sale cannot be read right now; try again shortly');
    }
  }

  private load(saleId: string): Promise<FlashSale | null> {
    const loading = this.sales
      .findById(saleId)
      .then((sale) => {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(saleId, { sale, freshUntil: Date.now() + FRESH_MS });
        return sale;
      })
      .finally(() => this.loading.delete(saleId));
    this.loading.set(saleId, loading);
    return loading;
  }
}
