import { Module } from '@nestjs/common';
import { NotificationController } from '../adapter/http/notification/notification.controller';
import { StreamCredentialGuard } from '../adapter/http/notification/stream-credential.guard';
import { IdentityModule } from './identity.module';
import { NotificationModule } from './notification.module';

/** The notification context's routes: the list, the live stream and its tickets (identity checks the stream's credential). */
@Module({
  imports: [NotificationModule, IdentityModule],
  controllers: [NotificationController],
  providers: [StreamCredentialGuard],
})
export class NotificationHttpModule {}
