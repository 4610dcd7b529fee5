import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { type RouteInfo } from '@nestjs/common/interfaces';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { ShutdownReporter } from '../bootstrap/shutdown-reporter';
import { type AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { ClockModule } from './clock.module';
import { dataSourceOptions, ORDERING_CONNECTION } from '../infrastructure/persistence/data-source-options';
import { queueConnection, queuePrefix } from '../config/redis-url';
import { RedisModule } from '../infrastructure/redis/redis.module';

/**
 * A person watching a terminal in development reads one coloured line per event (pino-pretty, a dev dependency);
 * everything else (production, tests, CI, a pipe) gets JSON lines.
 */
function prettyTransport(config: AppConfig): { target: string; options: object } | undefined {
  if (config.env !== 'development' || !process.stdout.isTTY) return undefined;
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return {
    target: 'pino-pretty',
    options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,req,context' },
  };
}

function identifyRequest(req: { id?: unknown; method?: string; url?: string }): object {
  return { id: req.id, method: req.method, url: req.url };
}

/**
 * What every process needs: configuration, logging, MySQL, Redis and the queue connection. `unloggedRoutes`: the
 * HTTP routes that get no per-request logger (the API passes them; the worker has no routes).
 */
@Module({})
export class CoreModule {
  static register(config: AppConfig, unloggedRoutes: RouteInfo[] = []): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.register(config),
        ClockModule,
        LoggerModule.forRoot({
          exclude: unloggedRoutes,
          pinoHttp: {
            level: config.logLevel,
            autoLogging: config.http.logRequests,
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? randomUUID(),
            // Every request gets a child logger bound to its `req`, logged or not: kept to what identifies
            // the request, it costs little (the default copies every header and then redacts the secrets).
            serializers: { req: identifyRequest },
            base: { pid: process.pid, hostname: hostname(), role: config.role },
            transport: prettyTransport(config),
          },
        }),
        // A few quick retries ride out a blip; a MySQL that is really down stops start-up within seconds.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config), retryAttempts: 2, retryDelay: 1000 }),
        // The order path's own pool: a spike of orders cannot take the connections browsing and admin need.
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ db: { ...config.db, poolSize: config.db.orderPoolSize } }),
          name: ORDERING_CONNECTION,
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        RedisModule,
        BullModule.forRoot({
          connection: queueConnection(config.redis),
          prefix: queuePrefix(config.redis),
        }),
      ],
      providers: [ShutdownReporter],
    };
  }
}
