import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NotificationProcessor } from '../adapter/queue/notification.processor';
import { QueueNames } from '../config/queue-names';
import { NotificationModule } from './notification.module';

/** The BullMQ processors: present in the worker role (and in `all`), absent from a pure API instance. */
@Module({
  imports: [NotificationModule, BullModule.registerQueue({ name: QueueNames.notifications })],
  providers: [NotificationProcessor],
})
export class QueueProcessorsModule {}
