import { type SaleSummary } from '../../../app/ordering/executor/query/sale-summary';

class OrderCountsDto {
  pendingPayment!: number;
  paid!: number;
  cancelled!: number;
  expired!: number;
}

class AttemptCountsDto {
  accepted!: number;
  soldOut!: number;
  limitExceeded!: number;
  rateLimited!: number;
  other!: number;
}

class SelfRepairDto {
  /** When the worker's self-repair last looked at this sale. */
  lastRunAt!: string;
  /** Stranded attempts whose units it gave back, since the sale started. */
  repairs!: number;
  /** What its last round found (repairs, and drift it reported without repairing). */
  lastFound!: string[];
}

export class SaleSummaryResponseDto {
  saleId!: string;
  stock!: number;
  available!: number;
  reserved!: number;
  sold!: number;
  orders!: OrderCountsDto;
  buyers!: number;
  revenueCents!: number;
  attempts!: AttemptCountsDto;
  /** Accepted attempts of async sales waiting to be written (the whole order queue, not only this sale's). */
  queueDepth!: number | null;
  /** MySQL's stock rows, the orders and the Redis gate agree. */
  consistent!: boolean;
  /** What disagrees, when something does (empty when consistent). */
  drift!: string[];
  /** The worker's self-repair for this sale; null before its first round. */
  selfRepair!: SelfRepairDto | null;

  static from(summary: SaleSummary): SaleSummaryResponseDto {
    return Object.assign(new SaleSummaryResponseDto(), summary);
  }
}
