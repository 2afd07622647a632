import { Module } from '@nestjs/common';
import { MediawikiImportRunsService } from './mediawiki-import-runs.service';
import { MediawikiImportController } from './mediawiki-import.controller';
import { MediawikiImportResolver } from './mediawiki-import.resolver';
import { MediawikiImportService } from './mediawiki-import.service';

/** Import from MediaWiki: an administrator's terminal command (npm run admin -- import-mediawiki). */
@Module({ providers: [MediawikiImportService], exports: [MediawikiImportService] })
export class MediawikiModule {}

/** …and its page in the site, /admin/import: the upload, the progress any process can show, the report. */
@Module({
  imports: [MediawikiModule],
  controllers: [MediawikiImportController],
  providers: [MediawikiImportRunsService, MediawikiImportResolver],
  exports: [MediawikiImportRunsService],
})
export class MediawikiImportPageModule {}
