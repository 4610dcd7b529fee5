/** Names of the BullMQ queues: the producers (infrastructure) and the processors (adapters) agree on these. */
export const QueueNames = {
  notifications: 'notifications',
} as const;
