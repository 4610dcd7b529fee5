import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SoldOutBoard } from '../../domain/ordering/sold-out-board';
import { duplicateClient, FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';

/**
 * Sold-out marks live in process memory: a loser of a sold-out sale is turned away without a network hop.
 * A restock is broadcast on Redis pub/sub to clear every instance's mark. A mark also fades after a short
 * while, so an instance that missed a message (a reconnect) cannot turn shoppers away for long.
 */
@Injectable()
export class RedisSoldOutBoard extends SoldOutBoard implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RedisSoldOutBoard.name);
  private readonly marks = new Map<string, number>();
  /** Sales this instance has reported sold out since the last restock it heard of (marks fade; this does not). */
  private readonly reported = new Set<string>();
  private readonly channel: string;
  private subscriber: FlashSaleRedis | undefined;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: FlashSaleRedis,
    private readonly config: AppConfig,
  ) {
    super();
    this.channel = `${config.redis.keyPrefix}fs:restocked`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = duplicateClient(this.redis, {
      maxRetriesPerRequest: null,
      connectionName: 'sold-out-board',
    });
    this.subscriber.on('message', (_channel: string, saleId: string) => this.forget(saleId));
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Restock channel: ${error.message}`));
    // Subscribing must not hold up start-up while Redis is away; ioredis resubscribes on reconnect.
    this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(error.message));
    await Promise.resolve();
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
    await Promise.resolve();
  }

  isSoldOut(saleId: string): boolean {
    const until = this.marks.get(saleId);
    if (until === undefined) return false;
    if (Date.now() < until) return true;
    this.marks.delete(saleId);
    return false;
  }

  markSoldOut(saleId: string): boolean {
    this.marks.set(saleId, Date.now() + this.config.ordering.soldOutMemoryMs);
    if (this.reported.has(saleId)) return false;
    this.reported.add(saleId);
    return true;
  }

  async announceRestock(saleId: string): Promise<void> {
    this.forget(saleId);
    await this.redis.publish(this.channel, saleId);
  }

  private forget(saleId: string): void {
    this.marks.delete(saleId);
    this.reported.delete(saleId);
  }
}
