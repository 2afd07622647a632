import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { Recommendation } from '../recommendations/recommendation.entity';
import { DiscussionsService } from './discussions.service';
import { Thread } from './thread.entity';

/** The threads about one recommendation (the discussions module depends on recommendations, not the reverse). */
@Resolver(() => Recommendation)
export class RecommendationThreadsResolver {
  constructor(private readonly discussions: DiscussionsService) {}

  @ResolveField(() => [Thread], { description: 'Threads started about this recommendation, newest activity first' })
  threads(@Parent() recommendation: Recommendation, @Context() context: RequestContext): Promise<Thread[]> {
    return context.loaders
      .get<number, Thread[]>('threadsByRecommendation', (ids) => this.discussions.threadsByRecommendationIds(ids))
      .load(recommendation.id);
  }
}
