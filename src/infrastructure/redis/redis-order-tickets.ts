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

/** A hash per ticket, kept a day: long enough for any poller; the order itself lives in MySQL. */
@Injectable()
export class RedisOrderTickets extends OrderTickets {
  private readonly prefix: string;

  constructor(
    @Inject(FLASH_SALE_REDIS) private readonly redis: FlashSaleRedis,
    config: AppConfig,
  ) {
    super();
    this.prefix = `${config.redis.keyPrefix}ticket:`;
  }

  async open(ticket: NewOrderTicket): Promise<void> {
    const key = this.prefix + ticket.ticketId;
    await this.redis
      .multi()
      .hset(key, {
        userId: ticket.userId,
        saleId: ticket.saleId,
        status: 'queued',
        quantity: ticket.quantity,
        parts: encodeParts(ticket.parts),
        at: Date.now(),
      })
      .expire(key, TICKET_TTL_SECONDS)
      .exec();
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
    const args = [reason, ticket.userId, ticket.saleId, TICKET_TTL_SECONDS];
    return (await this.redis.eval(FAIL_IF_QUEUED, 1, key, ...args)) === 1;
  }
}
