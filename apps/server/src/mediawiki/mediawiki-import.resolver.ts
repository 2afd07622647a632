import { Context, Query, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import type { RequestContext } from '../graphql/request-context';
import { MediawikiImportRunsService } from './mediawiki-import-runs.service';
import { MediawikiImportRunModel, MediawikiImportState } from './mediawiki-import.models';

/**
 * The newest MediaWiki import's progress, for /admin/import (which polls it). Starting one is the
 * page's upload form (POST /admin/import/upload): a file does not travel through GraphQL here.
 */
@Resolver()
export class MediawikiImportResolver {
  constructor(private readonly runs: MediawikiImportRunsService) {}

  @Allow(Access.Admin)
  @Query(() => MediawikiImportRunModel, { nullable: true, description: 'The newest import from MediaWiki and its progress (administrators).' })
  async mediawikiImport(@Context() context: RequestContext): Promise<MediawikiImportRunModel | null> {
    const run = await this.runs.latest(context.viewer);
    return run && { ...run, state: run.state as MediawikiImportState };
  }
}
