import { type FlashSale, type SaleStatus } from '../../domain/catalog/flash-sale';
import { type SaleView } from '../../domain/catalog/sale-view';

/** An admin's view of a sale: everything stored, the units left (MySQL) and the status now. */
export interface AdminSaleReading {
  sale: FlashSale;
  remaining: number;
  status: SaleStatus;
}

/** A shopper's view of a sale, with the status and the server's time at the moment of reading. */
export interface SaleReading extends SaleView {
  status: SaleStatus;
  serverTime: Date;
}
