import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  type NotificationListener,
  NotificationFeed,
} from '../../../../domain/notification/notification-feed';
import { StreamRegistry } from '../../../../domain/notification/stream-registry';
import { Clock } from '../../../../domain/shared/clock';
import { type FollowMyNotificationsQry } from './follow-my-notifications.qry';

export interface StreamCallbacks {
  notification: NotificationListener;
  /** The stream must end: its credential expired, or the user opened too many others. */
  end: (reason: 'expired' | 'evicted') => void;
}

/**
 * A live feed of the user's notifications that ends when the credential that opened it expires, and counts
 * against the user's open streams (the oldest beyond the limit are ended). The caller stops it with the
 * returned function.
 */
@Injectable()
export class FollowMyNotificationsQryExe {
  constructor(
    private readonly feed: NotificationFeed,
    private readonly registry: StreamRegistry,
    private readonly clock: Clock,
  ) {}

  async execute(qry: FollowMyNotificationsQry, callbacks: StreamCallbacks): Promise<() => void> {
    const streamId = randomUUID();
    let stopped = false;
    const held: { timer?: NodeJS.Timeout; unsubscribe?: () => void } = {};
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      clearTimeout(held.timer);
      held.unsubscribe?.();
      this.registry.unregister(qry.userId, streamId);
    };
    const end = (reason: 'expired' | 'evicted'): void => {
      if (stopped) return;
      stop();
      callbacks.end(reason);
    };
    const left = qry.expiresAtMs - this.clock.now().getTime();
    if (left <= 0) {
      callbacks.end('expired');
      return () => undefined;
    }
    // A timer cannot wait longer than 2^31-1 ms; no credential lives that long here.
    held.timer = setTimeout(() => end('expired'), Math.min(left, 2_147_000_000));
    held.unsubscribe = this.feed.subscribe(qry.userId, callbacks.notification);
    await this.registry.register(qry.userId, streamId, qry.expiresAtMs, () => end('evicted'));
    // Stopped while registering: the registration came after the unregister, so it is taken back now.
    if (stopped) this.registry.unregister(qry.userId, streamId);
    return stop;
  }
}
