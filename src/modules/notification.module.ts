import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliverNotificationCmdExe } from '../app/notification/executor/deliver-notification.cmd-exe';
import { FollowMyNotificationsQryExe } from '../app/notification/executor/query/follow-my-notifications.qry-exe';
import { ListMyNotificationsQryExe } from '../app/notification/executor/query/list-my-notifications.qry-exe';
import { NotificationFeed } from '../domain/notification/notification-feed';
import { RedisNotificationFeed } from '../infrastructure/redis/redis-notification-feed';
import { IssueStreamTicketCmdExe } from '../app/notification/executor/issue-stream-ticket.cmd-exe';
import { StreamRegistry } from '../domain/notification/stream-registry';
import { StreamTickets } from '../domain/notification/stream-tickets';
import { RedisStreamRegistry } from '../infrastructure/redis/redis-stream-registry';
import { RedisStreamTickets } from '../infrastructure/redis/redis-stream-tickets';
import { NotificationQueue } from '../domain/notification/notification.queue';
import { NotificationRepository } from '../domain/notification/notification.repository';
import { NotificationOrmEntity } from '../infrastructure/persistence/notification/notification.orm-entity';
import { TypeormNotificationRepository } from '../infrastructure/persistence/notification/typeorm-notification.repository';
import { BullmqNotificationQueue } from '../infrastructure/queue/bullmq-notification.queue';
import { QueueModule } from './queue.module';

/**
 * The notification context's data and use cases: the stored notifications, their delivery queue, the live feed
 * and stream tickets. No HTTP: the routes and the stream's guard are in NotificationHttpModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationOrmEntity]), QueueModule],
  providers: [
    { provide: NotificationRepository, useClass: TypeormNotificationRepository },
    { provide: NotificationQueue, useClass: BullmqNotificationQueue },
    DeliverNotificationCmdExe,
    ListMyNotificationsQryExe,
    FollowMyNotificationsQryExe,
    { provide: NotificationFeed, useClass: RedisNotificationFeed },
    { provide: StreamTickets, useClass: RedisStreamTickets },
    { provide: StreamRegistry, useClass: RedisStreamRegistry },
    IssueStreamTicketCmdExe,
  ],
  exports: [
    NotificationQueue,
    StreamTickets,
    DeliverNotificationCmdExe,
    ListMyNotificationsQryExe,
    FollowMyNotificationsQryExe,
    IssueStreamTicketCmdExe,
  ],
})
export class NotificationModule {}
