import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { type OrderTicket, OrderTickets, type TicketStatus } from '../../domain/ordering/order-ticket';
import { FLASH_SALE_REDIS, type FlashSaleRedis } from './redis-clients';

const TICKET_TTL_SECONDS = 24 * 3600;

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

  async open(ticket: Pick<OrderTicket, 'ticketId' | 'userId' | 'saleId'>): Promise<void> {
    const key = this.prefix + ticket.ticketId;
    await this.redis
      .multi()
      .hset(key, { userId: ticket.userId, saleId: ticket.saleId, status: 'queued' })
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
      ...(fields.orderId ? { orderId: fields.orderId } : {}),
      ...(fields.reason ? { reason: fields.reason } : {}),
    };
  }

  async succeed(ticketId: string, orderId: string): Promise<void> {
    await this.redis.hset(this.prefix + ticketId, { status: 'succeeded', orderId });
  }

  async fail(ticketId: string, reason: string): Promise<void> {
    await this.redis.hset(this.prefix + ticketId, { status: 'failed', reason });
  }
}
