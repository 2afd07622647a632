import { Global, Module } from '@nestjs/common';
import { SiteSettingsResolver } from './site-settings.resolver';
import { SiteSettingsService } from './site-settings.service';

/** The site's own settings (name, public or private): read by the guard, the web client and socket.io, so global. */
@Global()
@Module({
  providers: [SiteSettingsService, SiteSettingsResolver],
  exports: [SiteSettingsService],
})
export class SiteModule {}
