import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig } from './config/app-config';
import { CoreModule } from './modules/core.module';
import { QueueProcessorsModule } from './modules/queue-processors.module';
import { RiskModule } from './modules/risk.module';

/** Composition root of the queue worker process: no HTTP, only processors and what they need. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.register(config), RiskModule, QueueProcessorsModule],
    };
  }
}
