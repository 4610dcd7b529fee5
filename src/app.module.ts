import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig } from './config/app-config';
import { CatalogModule } from './modules/catalog.module';
import { CoreModule } from './modules/core.module';
import { HttpConventionsModule } from './modules/http-conventions.module';
import { IdentityModule } from './modules/identity.module';
import { NotificationModule } from './modules/notification.module';
import { OperationsModule } from './modules/operations.module';
import { OrderingModule } from './modules/ordering.module';
import { QueueProcessorsModule } from './modules/queue-processors.module';
import { RiskModule } from './modules/risk.module';

/** Composition root of the HTTP API; with APP_ROLE=all it also hosts the queue processors. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config),
        HttpConventionsModule,
        IdentityModule,
        CatalogModule,
        OrderingModule,
        NotificationModule,
        OperationsModule,
        RiskModule,
        ...(config.role === 'all' ? [QueueProcessorsModule] : []),
      ],
    };
  }
}
