import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { type Role } from '../../domain/identity/user';
import {
  type IssuedStreamTicket,
  type StreamCredential,
  StreamTickets,
} from '../../domain/notification/stream-tickets';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';

export const STREAM_TICKET_TTL_SECONDS = 60;
const TICKET = /^[A-Za-z0-9_-]{43}$/;

interface Stored {
  userId: string;
  role: Role;
  expiresAtMs: number;
}

/** Tickets live in the flash-sale Redis, so any instance redeems them; GETDEL makes each one single use. */
@Injectable()
export class RedisStreamTickets extends StreamTickets {
  private readonly prefix: string;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: FlashSaleRedis,
    config: AppConfig,
  ) {
    super();
    this.prefix = `${config.redis.keyPrefix}stream-ticket:`;
  }

  async issue(credential: StreamCredential): Promise<IssuedStreamTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const stored: Stored = {
      userId: credential.principal.userId,
      role: credential.principal.role,
      expiresAtMs: credential.expiresAtMs,
    };
    // A ticket never outlives the token that minted it.
    const secondsLeft = Math.floor((credential.expiresAtMs - Date.now()) / 1000);
    const expiresIn = Math.max(1, Math.min(STREAM_TICKET_TTL_SECONDS, secondsLeft));
    await this.redis.set(this.prefix + ticket, JSON.stringify(stored), 'EX', expiresIn);
    return { ticket, expiresIn };
  }

  async redeem(ticket: string): Promise<StreamCredential | undefined> {
    if (!TICKET.test(ticket)) return undefined;
    const raw = await this.redis.getdel(this.prefix + ticket);
    if (raw === null) return undefined;
    const stored = JSON.parse(raw) as Stored;
    if (stored.expiresAtMs <= Date.now()) return undefined;
    return { principal: { userId: stored.userId, role: stored.role }, expiresAtMs: stored.expiresAtMs };
  }
}
