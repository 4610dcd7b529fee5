import { type WarmUpResult } from '../../../app/catalog/executor/warm-up-sale.cmd-exe';
import { type SaleStatus } from '../../../domain/catalog/flash-sale';

export class WarmUpResponseDto {
  saleId!: string;
  status!: SaleStatus;
  /** Units MySQL says are available: what the gate was loaded from (after the start, only a missing gate is). */
  remaining!: number;
  /** ISO 8601, UTC. */
  preparedAt!: string;

  static from(result: WarmUpResult): WarmUpResponseDto {
    return Object.assign(new WarmUpResponseDto(), {
      saleId: result.saleId,
      status: result.status,
      remaining: result.remaining,
      preparedAt: result.preparedAt.toISOString(),
    });
  }
}
