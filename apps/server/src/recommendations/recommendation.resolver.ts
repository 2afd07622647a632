import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { Area } from './area.entity';
import { loadArea, loadStars } from './loaders';
import { Recommendation } from './recommendation.entity';
import { RecommendationsService } from './recommendations.service';
import { Star } from './star.entity';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Query(() => Recommendation, { nullable: true })
  recommendation(@Args('id', { type: () => Int }) id: number): Promise<Recommendation | null> {
    return this.recommendations.findRecommendation(id);
  }

  @ResolveField(() => Area, { nullable: true })
  area(@Parent() recommendation: Recommendation, @Context() context: RequestContext): Promise<Area | null> {
    return loadArea(context, this.recommendations, recommendation.areaId);
  }

  @ResolveField(() => [Star], { description: 'Marks as a realistic mechanism, oldest first.' })
  stars(@Parent() recommendation: Recommendation, @Context() context: RequestContext): Promise<Star[]> {
    return loadStars(context, this.recommendations, recommendation.id);
  }

  @ResolveField(() => Int)
  async starCount(@Parent() recommendation: Recommendation, @Context() context: RequestContext): Promise<number> {
    return (await loadStars(context, this.recommendations, recommendation.id)).length;
  }
}

@Resolver(() => Star)
export class StarResolver {
  constructor(private readonly accounts: AccountsService) {}

  @ResolveField(() => User, { description: 'Who marked it' })
  async user(@Parent() star: Star, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, star.userId))!;
  }
}
