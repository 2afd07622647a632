import { Global, Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ModerationModule } from '../moderation/moderation.module';
import { FileCatalogue } from './file-catalogue';
import { FileServingController } from './file-serving.controller';
import { FILE_STORE, fileStoreFromEnv } from './file-store';
import { FilesResolver } from './files.resolver';
import { FilesService } from './files.service';

/**
 * Images and files in pages and posts (issue 15). Global for FileCatalogue, which the markdown
 * renderer asks about the files a text refers to.
 */
@Global()
@Module({
  imports: [AccountsModule, ModerationModule],
  controllers: [FileServingController],
  providers: [{ provide: FILE_STORE, useFactory: () => fileStoreFromEnv() }, FileCatalogue, FilesService, FilesResolver],
  exports: [FileCatalogue, FilesService, FILE_STORE],
})
export class FilesModule {}
