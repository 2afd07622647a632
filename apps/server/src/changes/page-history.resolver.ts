import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { primeChangeReads } from '../pages/loaders';
import { Page } from '../pages/page.entity';
import { ChangeConnection } from './change-connection.model';
import { RecentChangesService } from './recent-changes.service';

/** A page's history: its part of the one timeline. Here because the change log depends on pages, not the reverse. */
@Resolver(() => Page)
export class PageHistoryResolver {
  constructor(private readonly timeline: RecentChangesService) {}

  @ResolveField(() => ChangeConnection, { description: "Everything that changed what the page shows, newest first (Relay-style: first/after towards older, last/before towards newer)" })
  async history(
    @Parent() page: Page,
    @Context() context: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('last', { type: () => Int, nullable: true }) last?: number,
    @Args('before', { type: () => String, nullable: true }) before?: string,
  ): Promise<ChangeConnection> {
    const history = await this.timeline.recentChanges({ pageId: page.id, first, after, last, before });
    primeChangeReads(context, history);
    return history;
  }
}
