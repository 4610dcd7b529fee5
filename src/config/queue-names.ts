/** Names of the BullMQ queues: the producers (infrastructure) and the processors (adapters) agree on these. */
export const QueueNames = {
  notifications: 'notifications',
  orderExpiry: 'order-expiry',
  orderPlacement: 'order-placement',
  saleWarmUp: 'sale-warm-up',
} as const;
