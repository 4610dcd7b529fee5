import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp } from './bootstrap/create-http-app';
import { exitOnStartupFailure, explainStartup, installShutdownDeadline } from './bootstrap/process-lifecycle';
import { AppConfig } from './config/app-config';
import { loadEnvFile } from './config/load-env-file';
import { runWorker } from './worker';

async function main(): Promise<void> {
  loadEnvFile();
  const config = AppConfig.fromEnv(process.env);
  if (config.role === 'worker') return runWorker(config);
  installShutdownDeadline(config.http.shutdownGraceMs);
  const app = await explainStartup(config, () => createHttpApp(config));
  await app.listen({ host: config.http.host, port: config.http.port });
  new Logger('Bootstrap').log(`API listening on ${await app.getUrl()} (role ${config.role})`);
}

main().catch(exitOnStartupFailure);
