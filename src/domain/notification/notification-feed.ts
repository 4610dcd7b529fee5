import { type Notification } from './notification';

export type NotificationListener = (notification: Notification) => void;

/** Port: live delivery of notifications to whoever is listening for a user, on any instance. */
export abstract class NotificationFeed {
  abstract publish(notification: Notification): Promise<void>;
  /** Returns the function that stops listening. */
  abstract subscribe(userId: string, listener: NotificationListener): () => void;
}
