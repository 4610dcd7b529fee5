import { join } from 'node:path';
import { type DataSourceOptions } from 'typeorm';
import { type AppConfig } from '../../config/app-config';

/** Name of the second pool, used by the order path only. */
export const ORDERING_CONNECTION = 'ordering';

/** The one place the MySQL connection is described; used by the app, the CLI and the tests. */
export function dataSourceOptions(config: { db: Omit<AppConfig['db'], 'orderPoolSize'> }): DataSourceOptions {
  const { db } = config;
  return {
    type: 'mysql',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: db.connectTimeoutMs,
    poolSize: db.poolSize,
    synchronize: false,
    migrationsRun: db.migrationsRun,
    entities: [join(__dirname, '**/*.orm-entity.{ts,js}')],
    migrations: [join(__dirname, '../../../migrations/*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    // Failed queries surface as errors where they are handled; logging them here too would log expected conflicts.
    logging: ['warn', 'migration'],
  };
}
