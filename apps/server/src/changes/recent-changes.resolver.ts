import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { ChangeKind } from './change.entity';
import { ChangeConnection } from './change-connection.model';
import { primeChangeReads } from '../pages/loaders';
import { DEFAULT_CHANGES, MAX_CHANGES, RecentChangesService } from './recent-changes.service';

@Resolver()
export class RecentChangesResolver {
  constructor(private readonly recent: RecentChangesService) {}

  @Query(() => ChangeConnection, {
    description:
      'Everything that changed across the wiki (edits, new pages, renames, deletions, stars…), newest first. ' +
      'Page forwards with first/after, backwards with last/before. A cursor this list did not give out is a BAD_USER_INPUT error.',
  })
  async recentChanges(
    @Args('first', { type: () => Int, defaultValue: DEFAULT_CHANGES, description: `How many, from 1 to ${MAX_CHANGES}` }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('last', { type: () => Int, nullable: true, description: `How many, from 1 to ${MAX_CHANGES}, before \`before\`` }) last: number | null,
    @Args('before', { type: () => String, nullable: true }) before: string | null,
    @Args('username', { type: () => String, nullable: true, description: 'Only changes made by this person' }) username: string | null,
    @Args('kind', { type: () => ChangeKind, nullable: true, description: 'Only changes of this kind' }) kind: ChangeKind | null,
    @Args('pageSlug', { type: () => String, nullable: true, description: "Only changes to this page (by its current slug): the page's history" })
    pageSlug: string | null,
    @Context() context: RequestContext,
  ): Promise<ChangeConnection> {
    const changes = await this.recent.recentChanges({ first, after, last, before, username, kind, pageSlug });
    primeChangeReads(context, changes);
    return changes;
  }
}
