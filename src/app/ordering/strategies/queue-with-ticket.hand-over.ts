import { Injectable, Logger } from '@nestjs/common';
import { OrderPlacementQueue } from '../../../domain/ordering/order-placement-queue';
import { OrderTickets } from '../../../domain/ordering/order-ticket';
import { BusyError } from '../../../domain/ordering/ordering.errors';
import { type PlaceOrder, type PlaceOutcome } from '../../../domain/ordering/ordering-strategy';
import { GateUnits } from './gate-units';
import { HandOver, type TakenUnits } from './hand-over';

/** A queue this full answers "come back shortly" instead of growing without bound. */
const BACK_PRESSURE_RETRY_MS = 2000;

/**
 * Hand-over "queued with a ticket": a job (its id is the ticket id, the attempt's id, so a retry never writes
 * twice) and an immediate answer with the ticket. Workers write MySQL at a steady, low concurrency
 * (WriteQueuedOrderCmdExe); the buyer polls the ticket.
 */
@Injectable()
export class QueueWithTicketHandOver extends HandOver {
  private readonly logger = new Logger(QueueWithTicketHandOver.name);

  constructor(
    private readonly queue: OrderPlacementQueue,
    private readonly tickets: OrderTickets,
    private readonly gate: GateUnits,
  ) {
    super();
  }

  async admit(): Promise<void> {
    if (await this.queue.isSaturated()) {
      throw new BusyError(
        'Too many orders are waiting to be written; try again shortly',
        BACK_PRESSURE_RETRY_MS,
      );
    }
  }

  async handOver(
    cmd: PlaceOrder,
    { attemptId: ticketId, bucketNo, parts }: TakenUnits,
  ): Promise<PlaceOutcome> {
    try {
      await this.tickets.open({
        ticketId,
        userId: cmd.userId,
        saleId: cmd.sale.id,
        quantity: cmd.quantity,
        parts,
      });
      await this.queue.enqueue({
        ticketId,
        saleId: cmd.sale.id,
        userId: cmd.userId,
        quantity: cmd.quantity,
        bucketNo,
        parts,
        idempotencyKey: cmd.idempotencyKey,
        acceptedAt: cmd.now.toISOString(),
      });
    } catch (error) {
      await this.gate.giveBackQuietly({
        saleId: cmd.sale.id,
        userId: cmd.userId,
        quantity: cmd.quantity,
        parts,
        attemptId: ticketId,
      });
      this.logger.warn(`Order not queued; units given back: ${String(error)}`);
      throw new BusyError('Orders cannot be queued right now; try again shortly');
    }
    return { outcome: 'queued', ticketId };
  }
}
