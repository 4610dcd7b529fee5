import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { SaleReadCache } from '../../domain/catalog/sale-read-cache';
import { type SaleView } from '../../domain/catalog/sale-view';
import { type Page } from '../../domain/shared/page';
import { withTimeout } from '../resilience/with-timeout';
import { LayeredCache } from './layered-cache';
import { CACHE_REDIS } from './redis-clients';
import { decodeSaleView, encodeSaleView, SALE_VIEW_FORMAT } from './sale-view.codec';
import { ThrottledWarning } from './throttled-warning';

const MAX_LOCAL_SALES = 10_000;
const MAX_LOCAL_PAGES = 1_000;
const INVALIDATION_TIMEOUT_MS = 1000;

interface InvalidationMessage {
  /** The instance that sent it (it has dropped its own copies already). */
  origin: string;
  saleIds: string[];
}

/**
 * The storefront's sale cache (see DESIGN.md, Caches), on the cache Redis (CACHE_REDIS_URL):
 * - one sale: in-process LRU → cache Redis → MySQL, with single flight and a cached "not found" (LayeredCache);
 * - list pages: in-process only, for the short local TTL, one load per page at a time;
 * - an admin change drops the local copies here, deletes the Redis entries and publishes the ids; every other
 *   instance drops its local copies on the message. Deletions that cannot reach Redis are retried when it is
 *   back, and an instance whose subscription dropped clears its local copies (it may have missed messages).
 */
@Injectable()
export class RedisSaleReadCache extends SaleReadCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisSaleReadCache.name);
  private readonly warning = new ThrottledWarning(this.logger);
  private readonly sales: LayeredCache<SaleView>;
  private readonly pages: LRUCache<string, { page: Page<SaleView> }>;
  private readonly pageFlights = new Map<string, Promise<Page<SaleView>>>();
  private pageEpoch = 0;
  private readonly channel: string;
  private readonly instanceId = randomUUID();
  /** Sale ids whose Redis copies could not be deleted yet. */
  private readonly pendingDeletes = new Set<string>();
  private subscriber: Redis | undefined;
  private subscribedBefore = false;

  constructor(
    @Inject(CACHE_REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    super();
    const { keyPrefix } = config.redis;
    const { cache } = config.catalog;
    const base = (id: string) => `${keyPrefix}cache:{sale:${id}}:${SALE_VIEW_FORMAT}`;
    this.channel = `${keyPrefix}cache:sale-invalidations`;
    this.sales = new LayeredCache<SaleView>({
      redis,
      key: base,
      lockKey: (id) => `${base(id)}:rebuild`,
      localTtlMs: cache.localTtlMs,
      localNotFoundTtlMs: cache.notFoundTtlSeconds * 1000,
      redisTtlSeconds: cache.redisTtlSeconds,
      redisNotFoundTtlSeconds: cache.notFoundTtlSeconds,
      maxLocalEntries: MAX_LOCAL_SALES,
      encode: encodeSaleView,
      decode: decodeSaleView,
      warn: (message) => this.warning.warn(message),
    });
    this.pages = new LRUCache({ max: MAX_LOCAL_PAGES, ttl: cache.localTtlMs });
  }

  onModuleInit(): void {
    const subscriber = this.redis.duplicate({ connectionName: 'cache-invalidations' });
    subscriber.on('error', (error: Error) =>
      this.warning.warn(`Cache invalidation channel: ${error.message}`),
    );
    subscriber.on('message', (_channel: string, message: string) => this.onMessage(message));
    subscriber.on('ready', () => void this.subscribe(subscriber));
    this.redis.on('ready', () => void this.flushPendingDeletes());
    this.subscriber = subscriber;
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  getSale(saleId: string, load: () => Promise<SaleView | null>): Promise<SaleView | null> {
    return this.sales.get(saleId, load);
  }

  async getSalePage(key: string, load: () => Promise<Page<SaleView>>): Promise<Page<SaleView>> {
    const hit = this.pages.get(key);
    if (hit) return hit.page;
    const inFlight = this.pageFlights.get(key);
    if (inFlight) return inFlight;
    const epoch = this.pageEpoch;
    const flight: Promise<Page<SaleView>> = load()
      .then((page) => {
        if (this.pageEpoch === epoch) this.pages.set(key, { page });
        return page;
      })
      .finally(() => {
        if (this.pageFlights.get(key) === flight) this.pageFlights.delete(key);
      });
    this.pageFlights.set(key, flight);
    return flight;
  }

  async invalidate(saleIds: readonly string[]): Promise<void> {
    this.dropLocal(saleIds);
    if (saleIds.length === 0) return;
    for (const id of saleIds) this.pendingDeletes.add(id);
    await this.flushPendingDeletes();
  }

  private dropLocal(saleIds: readonly string[]): void {
    this.sales.invalidateLocal(saleIds);
    this.pageEpoch++;
    this.pages.clear();
    this.pageFlights.clear();
  }

  /** Deletes the Redis copies of every pending id and tells the other instances; keeps them on failure. */
  private async flushPendingDeletes(): Promise<void> {
    const saleIds = [...this.pendingDeletes];
    if (saleIds.length === 0) return;
    if (this.redis.status !== 'ready') {
      this.warning.warn(
        `Cache Redis is ${this.redis.status}: ${saleIds.length} sale(s) invalidated locally only`,
      );
      return;
    }
    for (const id of saleIds) this.pendingDeletes.delete(id);
    const message: InvalidationMessage = { origin: this.instanceId, saleIds };
    try {
      const pipeline = this.redis.pipeline();
      for (const key of this.sales.deletionsOf(saleIds)) pipeline.del(key);
      pipeline.publish(this.channel, JSON.stringify(message));
      const results = await withTimeout(pipeline.exec(), INVALIDATION_TIMEOUT_MS, 'the cache Redis');
      const failed = results?.find(([error]) => error !== null);
      if (failed) throw failed[0] as Error;
    } catch (error) {
      for (const id of saleIds) this.pendingDeletes.add(id);
      this.warning.warn(`Cache invalidation of sale(s) ${saleIds.join(', ')} deferred: ${String(error)}`);
    }
  }

  private async subscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channel);
    } catch (error) {
      this.warning.warn(`Cache invalidation channel not subscribed: ${String(error)}`);
      return;
    }
    // Back after a gap: messages sent meanwhile are lost, so nothing held locally can be trusted.
    if (this.subscribedBefore) this.clearLocal();
    this.subscribedBefore = true;
  }

  private clearLocal(): void {
    this.sales.clearLocal();
    this.pageEpoch++;
    this.pages.clear();
    this.pageFlights.clear();
  }

  private onMessage(raw: string): void {
    let message: InvalidationMessage;
    try {
      message = JSON.parse(raw) as InvalidationMessage;
    } catch {
      return;
    }
    if (message.origin === this.instanceId || !Array.isArray(message.saleIds)) return;
    this.dropLocal(message.saleIds.map(String));
  }
}
