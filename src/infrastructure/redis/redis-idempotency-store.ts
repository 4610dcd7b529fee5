import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import {
  type IdempotencyClaim,
  IdempotencyStore,
  type RememberedAnswer,
} from '../../domain/ordering/idempotency-store';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';

const ANSWER_TTL_SECONDS = 24 * 3600;
/** A claim whose owner died is released after this, so a retry can go ahead. */
const CLAIM_TTL_SECONDS = 30;

interface Stored {
  fingerprint: string;
  answer?: RememberedAnswer;
}

/**
 * Idempotency keys in Redis: SET NX claims a key for the first request; the answer replaces the claim for a
 * day. MySQL keeps the final word with its unique (user, key) index on orders.
 */
@Injectable()
export class RedisIdempotencyStore extends IdempotencyStore {
  private readonly prefix: string;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: FlashSaleRedis,
    config: AppConfig,
  ) {
    super();
    this.prefix = `${config.redis.keyPrefix}idem:`;
  }

  private key(userId: string, key: string): string {
    // Hashed: the client's key may hold anything, and the Redis key stays short.
    return `${this.prefix}${userId}:${createHash('sha256').update(key).digest('base64url')}`;
  }

  async claim(userId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const redisKey = this.key(userId, key);
    const claimed = await this.redis.set(
      redisKey,
      JSON.stringify({ fingerprint }),
      'EX',
      CLAIM_TTL_SECONDS,
      'NX',
    );
    if (claimed === 'OK') return { state: 'claimed' };
    const raw = await this.redis.get(redisKey);
    if (raw === null) return this.claim(userId, key, fingerprint);
    const stored = JSON.parse(raw) as Stored;
    if (stored.fingerprint !== fingerprint) return { state: 'mismatch' };
    return stored.answer ? { state: 'answered', answer: stored.answer } : { state: 'in_progress' };
  }

  async remember(userId: string, key: string, fingerprint: string, answer: RememberedAnswer): Promise<void> {
    const stored: Stored = { fingerprint, answer };
    await this.redis.set(this.key(userId, key), JSON.stringify(stored), 'EX', ANSWER_TTL_SECONDS);
  }

  async release(userId: string, key: string): Promise<void> {
    await this.redis.del(this.key(userId, key));
  }
}
