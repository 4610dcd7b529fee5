/** Names of the BullMQ queues: the producers (infrastructure) and the processors (adapters) agree on these. */
export const QueueNames = {
  notifications: 'notifications',
  orderExpiry: 'order-expiry',
  orderPlacement: 'order-placement',
  saleWarmUp: 'sale-warm-up',
} as const;

/** Job names both sides must agree on: jobs that carry many items at once. */
export const JobNames = {
  /** notifications: `{ drafts: NotificationDraft[] }`; any other name carries one draft. */
  deliverMany: 'deliver-many',
  /** order-expiry: `{ orderIds: string[] }`. */
  expireOrders: 'expire-orders',
} as const;
