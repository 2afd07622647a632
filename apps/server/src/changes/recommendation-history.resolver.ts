import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { Recommendation } from '../recommendations/recommendation.entity';
import { ChangeConnection } from './change-connection.model';
import { loadPage } from '../pages/loaders';
import { Page } from '../pages/page.entity';
import { PagesService } from '../pages/pages.service';
import { RecentChangesService } from './recent-changes.service';

/** A recommendation's history: the changes about it (stars, curation), from the one timeline. Here because pages depend on recommendations, not the reverse. */
@Resolver(() => Recommendation)
export class RecommendationHistoryResolver {
  constructor(
    private readonly timeline: RecentChangesService,
    private readonly pages: PagesService,
  ) {}

  @ResolveField(() => Page, { nullable: true, description: 'The page that shows the recommendations: threads about this one are started there' })
  async shownOn(@Parent() _recommendation: Recommendation, @Context() context: RequestContext): Promise<Page | null> {
    const pageId = await context.loaders.get<number, number | null>('recommendationsPageId', async (keys) => {
      const id = await this.pages.recommendationsPageId();
      return keys.map(() => id);
    }).load(0);
    return pageId === null ? null : loadPage(context, this.pages, pageId);
  }

  @ResolveField(() => ChangeConnection, { description: 'Everything that happened to the recommendation, newest first (Relay-style: first/after towards older)' })
  history(
    @Parent() recommendation: Recommendation,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ChangeConnection> {
    return this.timeline.recentChanges({ recommendationId: recommendation.id, first, after });
  }
}
