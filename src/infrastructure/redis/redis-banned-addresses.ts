import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ActiveBans, type BanEntry } from '../../domain/risk/active-bans';
import { BannedAddresses } from '../../domain/risk/banned-addresses';
import { type IpBan } from '../../domain/risk/ip-ban';
import { IpBanRepository } from '../../domain/risk/ip-ban.repository';
import { duplicateClient, FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';
import { RiskKeys } from './risk-keys';

type BanMessage = { kind: 'ban'; ip: string; expiresAtMs: number | null } | { kind: 'lift'; ip: string };

/**
 * Bans in memory, so checking one costs no network hop: loaded from MySQL at start-up, kept fresh by Redis
 * pub/sub (a dedicated subscriber connection), and reloaded in full every IP_BAN_REFRESH_SECONDS (and after the
 * subscriber reconnects) in case a message was missed.
 */
@Injectable()
export class RedisBannedAddresses
  extends BannedAddresses
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(RedisBannedAddresses.name);
  private readonly bans = new ActiveBans();
  private readonly channel: string;
  private subscriber: FlashSaleRedis | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: FlashSaleRedis,
    private readonly store: IpBanRepository,
    private readonly config: AppConfig,
  ) {
    super();
    this.channel = new RiskKeys(config.redis.keyPrefix).banChannel();
  }

  isBanned(ip: string): boolean {
    return this.bans.size > 0 && this.bans.has(ip, Date.now());
  }

  async announceBan(ban: IpBan): Promise<void> {
    const message: BanMessage = { kind: 'ban', ip: ban.ip, expiresAtMs: ban.expiresAt?.getTime() ?? null };
    this.apply(message);
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  async announceLift(ip: string): Promise<void> {
    const message: BanMessage = { kind: 'lift', ip };
    this.apply(message);
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  async onApplicationBootstrap(): Promise<void> {
    // Subscribe first, then load: a ban announced in between is replayed over the snapshot, never lost.
    this.subscriber = duplicateClient(this.redis, { connectionName: 'ip-bans-subscriber' });
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.onMessage(text);
    });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`Ban subscriber: ${error.message}`));
    let connectedBefore = false;
    this.subscriber.on('ready', () => {
      // Messages sent while the subscriber was away are lost: reload in full after a reconnect.
      if (connectedBefore) void this.refresh();
      connectedBefore = true;
    });
    try {
      await this.subscriber.subscribe(this.channel);
    } catch (error) {
      this.logger.warn(`Ban subscriber not ready (${String(error)}); relying on the periodic refresh`);
    }
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.risk.banRefreshSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // A reload in flight is not waited for: against a hanging MySQL it could hold the shutdown up.
    if (this.subscriber) await this.subscriber.quit().catch(() => this.subscriber?.disconnect());
  }

  /** Reloads every active ban from the store; one reload at a time. Never throws. */
  refresh(): Promise<void> {
    this.refreshing ??= this.reload().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async reload(): Promise<void> {
    this.bans.beginRefresh();
    try {
      const now = new Date();
      const active = await this.store.allActive(now);
      this.bans.completeRefresh(active.map((ban) => toEntry(ban)));
      await this.store.deleteExpired(now);
    } catch (error) {
      this.bans.abandonRefresh();
      this.logger.warn(`Bans not reloaded (keeping the ${this.bans.size} known): ${String(error)}`);
    }
  }

  private onMessage(text: string): void {
    const message = parseMessage(text);
    if (message) this.apply(message);
    else this.logger.warn('Ignored a malformed ban message');
  }

  private apply(message: BanMessage): void {
    if (message.kind === 'ban') this.bans.ban({ ip: message.ip, expiresAtMs: message.expiresAtMs });
    else this.bans.lift(message.ip);
  }
}

function toEntry(ban: IpBan): BanEntry {
  return { ip: ban.ip, expiresAtMs: ban.expiresAt?.getTime() ?? null };
}

function parseMessage(text: string): BanMessage | null {
  try {
    const value = JSON.parse(text) as Partial<{ kind: unknown; ip: unknown; expiresAtMs: unknown }>;
    if (typeof value.ip !== 'string') return null;
    if (value.kind === 'lift') return { kind: 'lift', ip: value.ip };
    if (value.kind === 'ban' && (value.expiresAtMs === null || typeof value.expiresAtMs === 'number')) {
      return { kind: 'ban', ip: value.ip, expiresAtMs: value.expiresAtMs };
    }
    return null;
  } catch {
    return null;
  }
}
