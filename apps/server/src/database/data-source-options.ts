import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // A database that does not answer must give a quick 503 page, not a hanging request: waiting
    // for a connection (new or from the pool) gives up after 3 s.
    extra: { max: 10, connectionTimeoutMillis: 3_000 },
  };
}
