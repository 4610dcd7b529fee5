import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationController } from '../adapter/http/notification/notification.controller';
import { DeliverNotificationCmdExe } from '../app/notification/deliver-notification.cmd-exe';
import { FollowMyNotificationsQryExe } from '../app/notification/follow-my-notifications.qry-exe';
import { ListMyNotificationsQryExe } from '../app/notification/list-my-notifications.qry-exe';
import { NotificationFeed } from '../domain/notification/notification-feed';
import { RedisNotificationFeed } from '../infrastructure/redis/redis-notification-feed';
import { StreamCredentialGuard } from '../adapter/http/notification/stream-credential.guard';
import { IssueStreamTicketCmdExe } from '../app/notification/issue-stream-ticket.cmd-exe';
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

@Module({
  imports: [TypeOrmModule.forFeature([NotificationOrmEntity]), QueueModule],
  controllers: [NotificationController],
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
    StreamCredentialGuard,
  ],
  exports: [NotificationQueue, DeliverNotificationCmdExe],
})
export class NotificationModule {}
