import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { Area } from './area.entity';
import { loadAreaRecommendations } from './loaders';
import { Recommendation } from './recommendation.entity';
import { RecommendationsService } from './recommendations.service';

@Resolver(() => Area)
export class AreasResolver {
  constructor(private readonly service: RecommendationsService) {}

  @Query(() => [Area], { description: 'The recommendation areas, in order (archived ones only when asked for).' })
  areas(@Args('includeArchived', { type: () => Boolean, defaultValue: false }) includeArchived: boolean): Promise<Area[]> {
    return this.service.listAreas(includeArchived);
  }

  @Query(() => Area, { nullable: true })
  area(@Args('slug') slug: string): Promise<Area | null> {
    return this.service.findAreaBySlug(slug);
  }

  @ResolveField(() => [Recommendation], { description: 'Active recommendations, in order.' })
  recommendations(@Parent() area: Area, @Context() context: RequestContext): Promise<Recommendation[]> {
    return loadAreaRecommendations(context, this.service, area.id);
  }

  @ResolveField(() => Int)
  async recommendationCount(@Parent() area: Area, @Context() context: RequestContext): Promise<number> {
    return (await loadAreaRecommendations(context, this.service, area.id)).length;
  }
}
