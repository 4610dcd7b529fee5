import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig } from './config/app-config';
import { CatalogHttpModule } from './modules/catalog-http.module';
import { CoreModule } from './modules/core.module';
import { HttpConventionsModule, unloggedRoutes } from './modules/http-conventions.module';
import { IdentityHttpModule } from './modules/identity-http.module';
import { NotificationHttpModule } from './modules/notification-http.module';
import { OperationsModule } from './modules/operations.module';
import { OrderingHttpModule } from './modules/ordering-http.module';
import { QueueProcessorsModule } from './modules/queue-processors.module';
import { RiskHttpModule } from './modules/risk-http.module';

/**
 * Composition root of the HTTP API: each context's HTTP module (its routes over its data module); with
 * APP_ROLE=all it also hosts the queue processors, as the worker does (worker.module.ts).
 */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, unloggedRoutes(config)),
        HttpConventionsModule,
        IdentityHttpModule,
        CatalogHttpModule,
        OrderingHttpModule,
        NotificationHttpModule,
        RiskHttpModule,
        OperationsModule,
        ...(config.role === 'all' ? [QueueProcessorsModule] : []),
      ],
    };
  }
}
