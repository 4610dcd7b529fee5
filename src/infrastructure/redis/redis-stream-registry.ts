import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { StreamRegistry } from '../../domain/notification/stream-registry';
import { duplicateClient, FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';

/** At most this many notification streams per user, across all instances; a new one ends the oldest. */
export const MAX_STREAMS_PER_USER = 5;

/**
 * KEYS[1] the user's open streams (sorted set of "<expiresAtMs>|<streamId>", score = opening order),
 * KEYS[2] its sequence. ARGV: member, now (ms), limit, key TTL (s), eviction channel.
 * Forgets streams whose credential has expired (left behind by a crashed instance), registers the new one,
 * pops the oldest beyond the limit and publishes them so the instance holding each one ends it.
 */
const REGISTER_LUA = `
local now = tonumber(ARGV[2])
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local expires = tonumber(string.match(member, '^(%d+)|'))
  if expires == nil or expires <= now then redis.call('ZREM', KEYS[1], member) end
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if over <= 0 then return {} end
local popped = redis.call('ZPOPMIN', KEYS[1], over)
local evicted = {}
for i = 1, #popped, 2 do
  evicted[#evicted + 1] = popped[i]
  redis.call('PUBLISH', ARGV[5], popped[i])
end
return evicted
`;

type RegistryCommands = {
  registerStream(
    streams: string,
    sequence: string,
    member: string,
    nowMs: number,
    limit: number,
    ttlSeconds: number,
    channel: string,
  ): Promise<string[]>;
};

/**
 * The user's open streams in a Redis sorted set shared by every instance, so the limit holds across
 * instances; evictions travel over a pub/sub channel that each instance subscribes to on its first stream.
 */
@Injectable()
export class RedisStreamRegistry extends StreamRegistry implements OnModuleDestroy {
  private readonly logger = new Logger(RedisStreamRegistry.name);
  private readonly redis: FlashSaleRedis & RegistryCommands;
  /** This instance's streams: member → what ends it. */
  private readonly local = new Map<string, () => void>();
  private readonly members = new Map<string, string>();
  private readonly prefix: string;
  private readonly channel: string;
  private subscriber: FlashSaleRedis | undefined;
  private subscribed: Promise<unknown> | undefined;

  constructor(@Inject(FLASH_SALE_REDIS) redis: FlashSaleRedis, config: AppConfig) {
    super();
    redis.defineCommand('registerStream', { numberOfKeys: 2, lua: REGISTER_LUA });
    this.redis = redis as FlashSaleRedis & RegistryCommands;
    this.prefix = `${config.redis.keyPrefix}streams:`;
    this.channel = `${config.redis.keyPrefix}stream-evictions`;
  }

  async register(
    userId: string,
    streamId: string,
    expiresAtMs: number,
    onEvicted: () => void,
  ): Promise<void> {
    const member = `${Math.ceil(expiresAtMs)}|${streamId}`;
    this.local.set(member, onEvicted);
    this.members.set(streamId, member);
    await this.ensureSubscribed();
    const now = Date.now();
    const ttlSeconds = Math.max(1, Math.ceil((expiresAtMs - now) / 1000) + 60);
    const evicted = await this.redis.registerStream(
      this.key(userId),
      `${this.key(userId)}:seq`,
      member,
      now,
      MAX_STREAMS_PER_USER,
      ttlSeconds,
      this.channel,
    );
    // Ours end at once; the channel tells the other instances (and repeats it here, harmlessly).
    for (const gone of evicted) this.evict(gone);
  }

  unregister(userId: string, streamId: string): void {
    const member = this.members.get(streamId);
    if (member === undefined) return;
    this.members.delete(streamId);
    this.local.delete(member);
    this.redis
      .zrem(this.key(userId), member)
      .catch((error: Error) => this.logger.warn(`Stream registry: ${error.message}`));
  }

  /** The hash tag keeps a user's two keys in one Redis Cluster slot. */
  private key(userId: string): string {
    return `${this.prefix}{${userId}}`;
  }

  private evict(member: string): void {
    const onEvicted = this.local.get(member);
    if (!onEvicted) return;
    this.local.delete(member);
    onEvicted();
  }

  private ensureSubscribed(): Promise<unknown> {
    if (this.subscribed) return this.subscribed;
    const subscriber = duplicateClient(this.redis, {
      maxRetriesPerRequest: null,
      connectionName: 'stream-registry',
    });
    this.subscriber?.disconnect();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, member: string) => this.evict(member));
    subscriber.on('error', (error: Error) => this.logger.warn(`Stream evictions: ${error.message}`));
    this.subscribed = subscriber.subscribe(this.channel).catch((error: Error) => {
      this.subscribed = undefined;
      throw error;
    });
    return this.subscribed;
  }

  async onModuleDestroy(): Promise<void> {
    this.subscriber?.disconnect();
    await Promise.resolve();
  }
}
