import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Recommendation } from '../recommendations/recommendation.entity';
import { ChangeConnection } from './change-connection.model';
import { RecentChangesService } from './recent-changes.service';

/** A recommendation's history: the changes about it (stars, curation), from the one timeline. Here because pages depend on recommendations, not the reverse. */
@Resolver(() => Recommendation)
export class RecommendationHistoryResolver {
  constructor(private readonly timeline: RecentChangesService) {}

  @ResolveField(() => ChangeConnection, { description: 'Everything that happened to the recommendation, newest first (Relay-style: first/after towards older)' })
  history(
    @Parent() recommendation: Recommendation,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<ChangeConnection> {
    return this.timeline.recentChanges({ recommendationId: recommendation.id, first, after });
  }
}
