import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MasterclassSeeder } from '../seed/masterclass-seeder';
import { dataSourceOptions } from './data-source-options';
import { DatabaseStartup } from './database-startup.service';
import { DataVersion } from './data-version.service';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        // Fail fast: start-up checks reachability first, so retrying here would only delay the error.
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), retryAttempts: 0 }),
      ],
      providers: [DatabaseStartup, MasterclassSeeder, DataVersion],
      exports: [DatabaseStartup, DataVersion],
    };
  }
}
