import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type StrategyKind } from '../../../domain/catalog/flash-sale';
import { OrderPlacementQueue } from '../../../domain/ordering/order-placement-queue';
import { OrderTickets } from '../../../domain/ordering/order-ticket';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import { BusyError } from '../../../domain/ordering/ordering.errors';
import { type PlaceOrder, type PlaceOutcome } from '../../../domain/ordering/ordering-strategy';
import { SoldOutBoard } from '../../../domain/ordering/sold-out-board';
import { StockGate } from '../../../domain/ordering/stock-gate';
import { StockLedger } from '../../../domain/ordering/stock-ledger';
import { Clock } from '../../../domain/shared/clock';
import { rejected, SyncOrderingStrategy } from './sync-ordering.strategy';

/** A queue this full answers "come back shortly" instead of growing without bound. */
const BACK_PRESSURE_RETRY_MS = 2000;

/**
 * async: the same Redis gate, then a job (its id is the ticket id, so a retry never writes twice) and an
 * immediate 202 with a ticket. Workers write MySQL at a steady, low concurrency; the buyer polls the ticket.
 */
@Injectable()
export class AsyncOrderingStrategy extends SyncOrderingStrategy {
  override readonly kind: StrategyKind = 'async';

  constructor(
    gate: StockGate,
    orders: OrderRepository,
    ledger: StockLedger,
    soldOut: SoldOutBoard,
    clock: Clock,
    private readonly queue: OrderPlacementQueue,
    private readonly tickets: OrderTickets,
  ) {
    super(gate, orders, ledger, soldOut, clock);
  }

  override async place(cmd: PlaceOrder): Promise<PlaceOutcome> {
    if (await this.queue.isSaturated()) {
      throw new BusyError(
        'Too many orders are waiting to be written; try again shortly',
        BACK_PRESSURE_RETRY_MS,
      );
    }
    // The ticket id is the attempt's id: in the gate's in-flight list, in the job, and on the order.
    const ticketId = randomUUID();
    const verdict = await this.reserve(cmd, ticketId);
    if (!verdict.ok) return rejected(verdict);

    try {
      await this.tickets.open({
        ticketId,
        userId: cmd.userId,
        saleId: cmd.sale.id,
        quantity: cmd.quantity,
        parts: verdict.parts,
      });
      await this.queue.enqueue({
        ticketId,
        saleId: cmd.sale.id,
        userId: cmd.userId,
        quantity: cmd.quantity,
        bucketNo: verdict.bucketNo,
        parts: verdict.parts,
        idempotencyKey: cmd.idempotencyKey,
        acceptedAt: cmd.now.toISOString(),
      });
    } catch (error) {
      await this.giveBackQuietly({
        saleId: cmd.sale.id,
        userId: cmd.userId,
        quantity: cmd.quantity,
        parts: verdict.parts,
        attemptId: ticketId,
      });
      this.logger.warn(`Order not queued; units given back: ${String(error)}`);
      throw new BusyError('Orders cannot be queued right now; try again shortly');
    }
    return { outcome: 'queued', ticketId };
  }
}
