import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { loadEnvFile } from '../../config/load-env-file';
import { dataSourceOptions } from './data-source-options';

// Used by `npm run migration:*` (TypeORM CLI).
loadEnvFile();
export default new DataSource(dataSourceOptions(AppConfig.fromEnv(process.env)));
