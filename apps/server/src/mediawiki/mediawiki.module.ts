import { Module } from '@nestjs/common';
import { MediawikiImportService } from './mediawiki-import.service';

/** Import from MediaWiki: an administrator's terminal command (npm run admin -- import-mediawiki). */
@Module({ providers: [MediawikiImportService], exports: [MediawikiImportService] })
export class MediawikiModule {}
