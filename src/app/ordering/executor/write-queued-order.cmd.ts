import { type QueuedOrder } from '../../../domain/ordering/order-placement-queue';

export class WriteQueuedOrderCmd {
  constructor(
    readonly order: QueuedOrder,
    /** The queue will not try again after this one: a failure now must settle the ticket. */
    readonly isLastTry: boolean,
  ) {}
}
