import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { exitOnStartupFailure, explainStartup, installShutdownDeadline } from './bootstrap/process-lifecycle';
import { AppConfig } from './config/app-config';
import { loadEnvFile } from './config/load-env-file';
import { WorkerModule } from './worker.module';

/** The queue worker process: BullMQ processors only, no HTTP. Stops its workers cleanly on SIGTERM. */
export async function runWorker(config: AppConfig): Promise<void> {
  installShutdownDeadline(config.http.shutdownGraceMs);
  const app = await explainStartup(config, () =>
    NestFactory.createApplicationContext(WorkerModule.register(config), {
      bufferLogs: true,
      abortOnError: false,
    }),
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  new NestLogger('Bootstrap').log('Worker started');
}

if (require.main === module) {
  loadEnvFile();
  Promise.resolve()
    .then(() => runWorker(AppConfig.fromEnv(process.env)))
    .catch(exitOnStartupFailure);
}
