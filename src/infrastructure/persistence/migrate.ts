import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { loadEnvFile } from '../../config/load-env-file';
import { dataSourceOptions } from './data-source-options';

/**
 * Applies pending migrations and says which, one line each: what the set-up prints. The TypeORM CLI
 * (`npm run migration:run`) logs every query of every migration, which buried the set-up's own steps.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const dataSource = new DataSource({
    ...dataSourceOptions(AppConfig.fromEnv(process.env)),
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    const names = applied.map((migration) => migration.name).join(', ');
    process.stdout.write(
      applied.length ? `Applied ${applied.length} migration(s): ${names}\n` : 'Schema up to date\n',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Migrations failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
