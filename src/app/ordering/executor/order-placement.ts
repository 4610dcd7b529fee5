import { type Order } from '../../../domain/ordering/order';

/** What an order attempt answers: an order (sync, bucketed) or a ticket to poll (async). */
export type OrderPlacement = { kind: 'placed'; order: Order } | { kind: 'queued'; ticketId: string };
