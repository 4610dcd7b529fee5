export type NotificationKind =
  'welcome' | 'order_placed' | 'order_failed' | 'payment_accepted' | 'order_expired';

/** What a use case asks to tell a user; delivered later by the worker, so the caller never waits on it. */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: Record<string, string | number | boolean | null>;
  /** Same key, one notification: a retried delivery never shows twice. */
  dedupeKey?: string;
}

/** Drafts delivered together (the notes of one batch of orders). */
export interface NotificationBatch {
  drafts: NotificationDraft[];
}

export interface Notification extends NotificationDraft {
  id: string;
  createdAt: Date;
}
