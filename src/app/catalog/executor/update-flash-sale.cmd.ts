import { type FlashSaleChanges } from '../../../domain/catalog/flash-sale';

export class UpdateFlashSaleCmd {
  constructor(
    readonly saleId: string,
    /** Only the fields to change. */
    readonly changes: FlashSaleChanges,
  ) {}
}
