import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { DatabaseModule } from '../database/database.module';
import { ExportService } from '../export/export.service';
import { ImportService } from '../export/import.service';
import { FILE_STORE, fileStoreFromEnv } from '../files/file-store';
import { MediawikiModule } from '../mediawiki/mediawiki.module';
import { SiteModule } from '../site/site.module';

/** Just the database (migrated and seeded as at start-up), accounts and the site settings they read, the whole-wiki export and import (with the file store, as the server configures it), and the import from MediaWiki: what the admin command needs. */
@Module({})
export class CliModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return { module: CliModule, imports: [DatabaseModule.forRoot(databaseUrl), SiteModule, AccountsModule, MediawikiModule], providers: [ExportService, ImportService, { provide: FILE_STORE, useFactory: () => fileStoreFromEnv() }] };
  }
}
