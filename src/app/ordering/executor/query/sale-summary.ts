import { type RepairRecord } from '../../../../domain/ordering/stock-repair-log';
import { type AttemptOutcome } from '../../../../domain/ordering/attempt-counter';

export interface SaleSummary {
  saleId: string;
  stock: number;
  available: number;
  reserved: number;
  sold: number;
  orders: { pendingPayment: number; paid: number; cancelled: number; expired: number };
  buyers: number;
  revenueCents: number;
  attempts: Record<AttemptOutcome, number>;
  /** Accepted attempts of async sales waiting to be written (the whole queue, not only this sale's). */
  queueDepth: number | null;
  /** MySQL's stock rows, the orders and the Redis gate agree. */
  consistent: boolean;
  /** What disagrees, when something does. */
  drift: string[];
  /** The worker's self-repair: when it last looked at this sale, repairs so far, what it last found. */
  selfRepair: RepairRecord | null;
}
