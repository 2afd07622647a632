import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { loadPage, loadRevision } from '../pages/loaders';
import { Page } from '../pages/page.entity';
import { PagesService, type RevisionRead } from '../pages/pages.service';
import { Revision } from '../pages/revision.entity';
import { ChangeDetailsModel } from './change-details.model';
import { Change } from './change.entity';

@Resolver(() => Change)
export class ChangeResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PagesService,
  ) {}

  @ResolveField(() => User, { description: 'Who made the change' })
  async actor(@Parent() change: Change, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, change.actorId))!;
  }

  @ResolveField(() => Revision, { nullable: true, description: 'The revision, for text changes' })
  revision(@Parent() change: Change, @Context() context: RequestContext): Promise<RevisionRead | null> | null {
    return change.revisionId === null ? null : loadRevision(context, this.pages, change.revisionId);
  }

  @ResolveField(() => Page, { nullable: true, description: 'The page the change belongs to' })
  page(@Parent() change: Change, @Context() context: RequestContext): Promise<Page | null> | null {
    return change.pageId === null ? null : loadPage(context, this.pages, change.pageId);
  }

  @ResolveField(() => ChangeDetailsModel, { description: 'What the change did, beyond its kind' })
  details(@Parent() change: Change): ChangeDetailsModel {
    const d = change.details;
    return {
      recommendationIds: d.recommendationIds ?? null,
      fromTitle: d.fromTitle ?? null,
      toTitle: d.toTitle ?? null,
      fromSlug: d.fromSlug ?? null,
      toSlug: d.toSlug ?? null,
      merged: d.merged ?? null,
      revertedToRevisionId: d.revertedToRevisionId ?? null,
      featured: d.featured ?? null,
      recommendationText: d.recommendationText ?? null,
      fromText: d.fromText ?? null,
      fromAreaTitle: d.fromAreaTitle ?? null,
      toAreaTitle: d.toAreaTitle ?? null,
      areaTitle: d.areaTitle ?? null,
      mergedIntoId: d.mergedIntoId ?? null,
      areaAction: d.areaAction ?? null,
      starOwnerUsername: d.starOwnerUsername ?? null,
    };
  }

  @ResolveField(() => Int, { description: 'How many recommendations the change touched' })
  recommendationCount(@Parent() change: Change): number {
    return change.details.recommendationIds?.length ?? 0;
  }
}
