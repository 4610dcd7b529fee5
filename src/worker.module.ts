import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig } from './config/app-config';
import { CoreModule } from './modules/core.module';
import { QueueProcessorsModule } from './modules/queue-processors.module';

/**
 * Composition root of the queue worker process: no HTTP, only the processors and the data modules they import
 * (never an *HttpModule: no controller, guard or throttler; test/operations/worker-without-http.e2e-spec.ts and
 * dependency-cruiser's worker-has-no-http hold it to that).
 */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.register(config), QueueProcessorsModule],
    };
  }
}
