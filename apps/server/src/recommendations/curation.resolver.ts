import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { Page } from '../pages/page.entity';
import { Area } from './area.entity';
import {
  AreaPayload,
  AreaReasonInput,
  CreateAreaInput,
  DescribeAreaInput,
  MarkRecommendationSeenInput,
  MergeRecommendationsInput,
  MoveAreaInput,
  MoveRecommendationToAreaInput,
  ProposeRecommendationInput,
  RecommendationPayload,
  RecommendationReasonInput,
  RenameAreaInput,
  ReorderRecommendationInput,
  RewordRecommendationInput,
} from './curation.models';
import { CurationService } from './curation.service';
import { Recommendation } from './recommendation.entity';

function loadAreaPages(context: RequestContext, curation: CurationService, areaId: number): Promise<Page[]> {
  return context.loaders.get<number, Page[]>('pagesByArea', (ids) => curation.pagesByAreaIds(ids)).load(areaId);
}

function loadArchived(context: RequestContext, curation: CurationService, areaId: number): Promise<Recommendation[]> {
  return context.loaders.get<number, Recommendation[]>('archivedRecommendationsByArea', (ids) => curation.archivedRecommendationsByAreaIds(ids)).load(areaId);
}

/** The doors into CurationService: one mutation, one service call. */
@Resolver()
export class CurationResolver {
  constructor(private readonly curation: CurationService) {}

  @Allow(Access.Moderator)
  @Query(() => [Recommendation], { description: 'Proposals no moderator has marked as seen yet, oldest first (moderators only).' })
  newRecommendations(@Context() context: RequestContext): Promise<Recommendation[]> {
    return this.curation.newRecommendations(context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => AreaPayload, { description: 'Creates an area at the end of the list.' })
  createArea(@Args('input') input: CreateAreaInput, @Context() context: RequestContext): Promise<AreaPayload> {
    return this.curation.createArea(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => AreaPayload, { description: "Changes an area's title (its address stays the same)." })
  renameArea(@Args('input') input: RenameAreaInput, @Context() context: RequestContext): Promise<AreaPayload> {
    return this.curation.renameArea(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => AreaPayload)
  describeArea(@Args('input') input: DescribeAreaInput, @Context() context: RequestContext): Promise<AreaPayload> {
    return this.curation.describeArea(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => AreaPayload, { description: 'Moves an area up, down or to a position, relative to the order as it is now.' })
  moveArea(@Args('input') input: MoveAreaInput, @Context() context: RequestContext): Promise<AreaPayload> {
    return this.curation.moveArea(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => AreaPayload, { description: 'Hides an area from the lists; its page stays reachable.' })
  archiveArea(@Args('input') input: AreaReasonInput, @Context() context: RequestContext): Promise<AreaPayload> {
    return this.curation.archiveArea(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => AreaPayload)
  restoreArea(@Args('input') input: AreaReasonInput, @Context() context: RequestContext): Promise<AreaPayload> {
    return this.curation.restoreArea(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => RecommendationPayload, { description: 'Proposes a recommendation: it appears at once, marked as new until a moderator has seen it.' })
  proposeRecommendation(@Args('input') input: ProposeRecommendationInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.propose(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => RecommendationPayload)
  markRecommendationSeen(@Args('input') input: MarkRecommendationSeenInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.markSeen(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => RecommendationPayload, { description: 'Changes the words, with a reason.' })
  rewordRecommendation(@Args('input') input: RewordRecommendationInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.reword(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => RecommendationPayload, { description: 'Moves a recommendation to the end of another (not archived) area.' })
  moveRecommendationToArea(@Args('input') input: MoveRecommendationToAreaInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.moveToArea(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => RecommendationPayload, { description: 'Moves a recommendation up, down or to a position in its area, relative to the order as it is now.' })
  reorderRecommendation(@Args('input') input: ReorderRecommendationInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.reorder(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => RecommendationPayload, { description: 'Merges one recommendation into another; answers the survivor.' })
  mergeRecommendations(@Args('input') input: MergeRecommendationsInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.merge(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => RecommendationPayload, { description: 'Hides a recommendation from the lists; it stays reachable and can be restored.' })
  archiveRecommendation(@Args('input') input: RecommendationReasonInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.archive(input, context.viewer);
  }

  @Allow(Access.Moderator)
  @Mutation(() => RecommendationPayload)
  restoreRecommendation(@Args('input') input: RecommendationReasonInput, @Context() context: RequestContext): Promise<RecommendationPayload> {
    return this.curation.restore(input, context.viewer);
  }
}

/** What curation adds to an area. */
@Resolver(() => Area)
export class CurationAreaFields {
  constructor(private readonly curation: CurationService) {}

  @ResolveField(() => [Page], { description: 'The wiki pages filed under this area, by title.' })
  pages(@Parent() area: Area, @Context() context: RequestContext): Promise<Page[]> {
    return loadAreaPages(context, this.curation, area.id);
  }

  @ResolveField(() => [Recommendation], { description: 'Archived recommendations: hidden from the list, still reachable, restorable.' })
  archivedRecommendations(@Parent() area: Area, @Context() context: RequestContext): Promise<Recommendation[]> {
    return loadArchived(context, this.curation, area.id);
  }

  @ResolveField(() => Boolean)
  archived(@Parent() area: Area): boolean {
    return area.archivedAt !== null;
  }
}

/** What curation adds to a recommendation. */
@Resolver(() => Recommendation)
export class CurationRecommendationFields {
  constructor(
    private readonly curation: CurationService,
    private readonly accounts: AccountsService,
  ) {}

  @ResolveField(() => Boolean, { description: 'A proposal no moderator has seen yet' })
  isNew(@Parent() recommendation: Recommendation): boolean {
    return recommendation.proposedById !== null && recommendation.seenAt === null;
  }

  @ResolveField(() => User, { nullable: true, description: 'Who proposed it; null for the masterclass’s own list' })
  proposedBy(@Parent() recommendation: Recommendation, @Context() context: RequestContext): Promise<User | null> {
    return recommendation.proposedById === null ? Promise.resolve(null) : loadUser(context, this.accounts, recommendation.proposedById);
  }
}
