import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NotificationProcessor } from '../adapter/queue/notification.processor';
import { OrderExpiryProcessor } from '../adapter/queue/order-expiry.processor';
import { OrderPlacementWorker } from '../adapter/queue/order-placement.worker';
import { SaleWarmUpProcessor } from '../adapter/queue/sale-warm-up.processor';
import { QueueNames } from '../config/queue-names';
import { CatalogModule } from './catalog.module';
import { NotificationModule } from './notification.module';
import { OrderingModule } from './ordering.module';

/** The BullMQ processors: present in the worker role (and in `all`), absent from a pure API instance. */
@Module({
  imports: [
    NotificationModule,
    CatalogModule,
    OrderingModule,
    BullModule.registerQueue({ name: QueueNames.notifications }),
    BullModule.registerQueue({ name: QueueNames.saleWarmUp }),
    BullModule.registerQueue({ name: QueueNames.orderExpiry }),
  ],
  providers: [NotificationProcessor, SaleWarmUpProcessor, OrderExpiryProcessor, OrderPlacementWorker],
})
export class QueueProcessorsModule {}
