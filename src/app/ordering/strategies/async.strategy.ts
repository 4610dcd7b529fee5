import { type StrategyRecipe } from './gated-ordering-strategy';
import { QueueWithTicketHandOver } from './queue-with-ticket.hand-over';
import { anyBucket } from './unit-source';

/**
 * async: the same Redis gate, then a job and an immediate 202 with a ticket; workers write MySQL at a steady,
 * low concurrency and the buyer polls the ticket. The stock is one row.
 */
export const asyncStrategy: StrategyRecipe = {
  kind: 'async',
  units: anyBucket,
  handOver: QueueWithTicketHandOver,
};
