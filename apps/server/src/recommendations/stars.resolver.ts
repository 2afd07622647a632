import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import type { RequestContext } from '../graphql/request-context';
import { Area } from './area.entity';
import { loadStars } from './loaders';
import { Recommendation } from './recommendation.entity';
import { RecommendationsService } from './recommendations.service';
import { MarkRealisticInput, RemoveStarInput, StarPayload, WithdrawStarInput } from './stars.models';
import { StarsService } from './stars.service';

/** The doors into StarsService: one mutation, one service call. */
@Resolver()
export class StarsResolver {
  constructor(private readonly stars: StarsService) {}

  @Allow(Access.SignedIn)
  @Mutation(() => StarPayload, { description: 'Marks a recommendation as a simple, realistic mechanism, with a reason (one mark per person).' })
  markRealistic(@Args('input') input: MarkRealisticInput, @Context() context: RequestContext): Promise<StarPayload> {
    return this.stars.markRealistic(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => StarPayload, { description: "Withdraws the viewer's own mark from a recommendation." })
  withdrawStar(@Args('input') input: WithdrawStarInput, @Context() context: RequestContext): Promise<StarPayload> {
    return this.stars.withdrawStar(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => StarPayload, { description: "Removes someone's mark, with a reason (in the history and the audit log)." })
  removeStar(@Args('input') input: RemoveStarInput, @Context() context: RequestContext): Promise<StarPayload> {
    return this.stars.removeStar(input, context.viewer);
  }
}

function loadRecommendation(context: RequestContext, service: RecommendationsService, id: number): Promise<Recommendation | null> {
  return context.loaders.get<number, Recommendation | null>('recommendationsByIdAnyStatus', (ids) => service.recommendationsById(ids)).load(id);
}

@Resolver(() => Recommendation)
export class RecommendationStarsResolver {
  constructor(private readonly recommendations: RecommendationsService) {}

  @ResolveField(() => Boolean, { description: 'Whether the signed-in viewer has marked it (false for anonymous readers)' })
  async viewerHasStarred(@Parent() recommendation: Recommendation, @Context() context: RequestContext): Promise<boolean> {
    const viewer = context.viewer;
    if (!viewer) return false;
    return (await loadStars(context, this.recommendations, recommendation.id)).some((star) => star.userId === viewer.user.id);
  }

  @ResolveField(() => Recommendation, { nullable: true, description: 'For a merged recommendation: the one it was merged into' })
  mergedInto(@Parent() recommendation: Recommendation, @Context() context: RequestContext): Promise<Recommendation | null> | null {
    return recommendation.mergedIntoId === null ? null : loadRecommendation(context, this.recommendations, recommendation.mergedIntoId);
  }
}

/** What /areas.csv and /areas.json hand out: every area and every recommendation, whatever their status. */
@Resolver(() => Area)
export class RecommendationExportResolver {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Query(() => [Area], { description: 'Every area, archived ones included, in order (for the exports; see `exportRecommendations`).' })
  recommendationExport(): Promise<Area[]> {
    return this.recommendations.everyArea();
  }

  @ResolveField(() => [Recommendation], { description: 'Every recommendation filed in the area, archived and merged ones included, in position order' })
  exportRecommendations(@Parent() area: Area, @Context() context: RequestContext): Promise<Recommendation[]> {
    return context.loaders
      .get<number, Recommendation[]>('everyRecommendationByArea', (ids) => this.recommendations.everyRecommendationByAreaIds(ids))
      .load(area.id);
  }
}
