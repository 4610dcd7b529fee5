import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { type Notification } from '../../domain/notification/notification';
import { NotificationFeed, type NotificationListener } from '../../domain/notification/notification-feed';
import { duplicateClient, FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';

type Wire = Omit<Notification, 'createdAt'> & { createdAt: string };

/**
 * One Redis channel for all notifications; each instance subscribes once (lazily, on its first listener) and
 * hands a message to the listeners of its user in this process. The worker publishes, the API streams.
 */
@Injectable()
export class RedisNotificationFeed extends NotificationFeed implements OnModuleDestroy {
  private readonly logger = new Logger(RedisNotificationFeed.name);
  private readonly listeners = new Map<string, Set<NotificationListener>>();
  private readonly channel: string;
  private subscriber: FlashSaleRedis | undefined;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: FlashSaleRedis,
    config: AppConfig,
  ) {
    super();
    this.channel = `${config.redis.keyPrefix}notifications`;
  }

  async publish(notification: Notification): Promise<void> {
    const wire: Wire = { ...notification, createdAt: notification.createdAt.toISOString() };
    await this.redis.publish(this.channel, JSON.stringify(wire));
  }

  subscribe(userId: string, listener: NotificationListener): () => void {
    this.ensureSubscribed();
    const own = this.listeners.get(userId) ?? new Set<NotificationListener>();
    own.add(listener);
    this.listeners.set(userId, own);
    return () => {
      own.delete(listener);
      if (own.size === 0) this.listeners.delete(userId);
    };
  }

  private ensureSubscribed(): void {
    if (this.subscriber) return;
    this.subscriber = duplicateClient(this.redis, {
      maxRetriesPerRequest: null,
      connectionName: 'notification-feed',
    });
    this.subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Notification channel: ${error.message}`));
    this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(error.message));
  }

  private dispatch(message: string): void {
    const wire = JSON.parse(message) as Wire;
    const own = this.listeners.get(wire.userId);
    if (!own) return;
    const notification: Notification = { ...wire, createdAt: new Date(wire.createdAt) };
    for (const listener of own) listener(notification);
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
    await Promise.resolve();
  }
}
