import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { decodeParts, encodeParts } from '../../domain/ordering/order';
import {
  type NewOrderTicket,
  type OrderTicket,
  OrderTickets,
  type TicketStatus,
} from '../../domain/ordering/order-ticket';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';

const TICKET_TTL_SECONDS = 24 * 3600;

/**
 * Only a queued ticket fails: one that succeeded (or failed before) keeps its answer. A ticket whose record is
 * gone (lost in a failover before it reached the replica) is written again, failed, so its owner's poll ends.
 */
const FAIL_IF_QUEUED = `
local status = redis.call('HGET', KEYS[1], 'status')
if status and status ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'failed', 'reason', ARGV[1])
if not status then
  redis.call('HSET', KEYS[1], 'userId', ARGV[2], 'saleId', ARGV[3])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
end
return 1`;

/** A new ticket and its lifetime in one command (MULTI, HSET, EXPIRE, EXEC were four for Redis to run). */
const OPEN = `
redis.call('HSET', KEYS[1], 'userId', ARGV[1], 'saleId', ARGV[2], 'status', 'queued', 'quantity', ARGV[3],
  'parts', ARGV[4], 'at', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1`;

type TicketCommands = {
  fsOpenTicket(key: string, ...args: (string | number)[]): Promise<number>;
  fsFailTicket(key: string, ...args: (string | number)[]): Promise<number>;
};

/** A hash per ticket, kept a day: long enough for any poller; the order itself lives in MySQL. */
@Injectable()
export class RedisOrderTickets extends OrderTickets {
  private readonly prefix: string;
  private readonly redis: FlashSaleRedis & TicketCommands;

  constructor(@Inject(FLASH_SALE_REDIS) redis: FlashSaleRedis, config: AppConfig) {
    super();
    this.prefix = `${config.redis.keyPrefix}ticket:`;
    redis.defineCommand('fsOpenTicket', { numberOfKeys: 1, lua: OPEN });
    redis.defineCommand('fsFailTicket', { numberOfKeys: 1, lua: FAIL_IF_QUEUED });
    this.redis = redis as FlashSaleRedis & TicketCommands;
  }

  async open(ticket: NewOrderTicket): Promise<void> {
    await this.redis.fsOpenTicket(
      this.prefix + ticket.ticketId,
      ticket.userId,
      ticket.saleId,
      ticket.quantity,
      encodeParts(ticket.parts),
      TICKET_TTL_SECONDS,
      Date.now(),
    );
  }

  async get(ticketId: string): Promise<OrderTicket | null> {
    const fields = await this.redis.hgetall(this.prefix + ticketId);
    if (!fields.userId) return null;
    return {
      ticketId,
      userId: fields.userId,
      saleId: fields.saleId,
      status: fields.status as TicketStatus,
      ...(fields.quantity ? { quantity: Number(fields.quantity) } : {}),
      ...(fields.parts ? { parts: decodeParts(fields.parts) } : {}),
      ...(fields.orderId ? { orderId: fields.orderId } : {}),
      ...(fields.reason ? { reason: fields.reason } : {}),
      ...(fields.at ? { openedAtMs: Number(fields.at) } : {}),
    };
  }

  async succeed(ticketId: string, orderId: string): Promise<void> {
    await this.redis.hset(this.prefix + ticketId, { status: 'succeeded', orderId });
  }

  async fail(ticket: Pick<OrderTicket, 'ticketId' | 'userId' | 'saleId'>, reason: string): Promise<boolean> {
    const key = this.prefix + ticket.ticketId;
    return (
      (await this.redis.fsFailTicket(key, reason, ticket.userId, ticket.saleId, TICKET_TTL_SECONDS)) === 1
    );
  }
}
