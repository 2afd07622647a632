import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserError } from '../common/user-error';
import { DataVersion } from '../database/data-version.service';
import type { RequestContext } from '../graphql/request-context';
import { Access, assertAccess } from '../accounts/access';
import { SiteSettings, SiteSettingsPayload, UpdateSiteSettingsInput } from './site-settings.models';
import { SITE_NAME_MAX, siteNameProblem } from './site-rules';

/**
 * The site's settings (name, public or private), one row in `site_settings`. Every process keeps a
 * copy and forgets it, in the same tick, when PostgreSQL notifies that the table changed (the data-
 * changed notification, which also drops every cached read and kept page): so no read that starts
 * after the notification is heard can see the old setting. While the notification connection is
 * down, every call reads the row again.
 */
@Injectable()
export class SiteSettingsService implements OnApplicationBootstrap {
  private loaded: Promise<SiteSettings> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dataVersion: DataVersion,
  ) {
    dataVersion.onTableChanged('site_settings', () => {
      this.loaded = null;
    });
  }

  /** Read once at start, so no reader's request pays for it (and a broken table shows at once). */
  async onApplicationBootstrap(): Promise<void> {
    await this.get();
  }

  get(): Promise<SiteSettings> {
    if (this.dataVersion.current() === null) return this.read();
    if (!this.loaded) {
      const reading = this.read();
      this.loaded = reading;
      // A failed read is not kept: the next call tries again.
      reading.catch(() => {
        if (this.loaded === reading) this.loaded = null;
      });
    }
    return this.loaded;
  }

  async isPrivate(): Promise<boolean> {
    return (await this.get()).private;
  }

  async update(input: UpdateSiteSettingsInput, context: RequestContext): Promise<SiteSettingsPayload> {
    assertAccess(context.viewer, Access.Admin);
    return this.save(input);
  }

  /** Sets the settings (for update, and for first-run set-up, which checks its own token). */
  async save(input: UpdateSiteSettingsInput): Promise<SiteSettingsPayload> {
    const name = input.name.length > SITE_NAME_MAX * 4 ? input.name.slice(0, SITE_NAME_MAX + 1) : input.name.normalize('NFKC').trim();
    const problem = siteNameProblem(name);
    if (problem) return { settings: null, errors: [{ field: 'name', code: 'INVALID_SITE_NAME', message: problem } satisfies UserError] };
    await this.dataSource.query('UPDATE site_settings SET name = $1, private = $2, updated_at = now() WHERE id = 1', [name, input.private]);
    this.loaded = null;
    return { settings: { name, private: input.private }, errors: [] };
  }

  private async read(): Promise<SiteSettings> {
    const [row]: { name: string; private: boolean }[] = await this.dataSource.query('SELECT name, private FROM site_settings WHERE id = 1');
    // The migration inserts the row; were it deleted by hand, the defaults hold.
    return row ? { name: row.name, private: row.private } : { name: 'Commonplace', private: false };
  }
}
