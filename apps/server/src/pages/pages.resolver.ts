import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { Area } from '../recommendations/area.entity';
import { loadArea } from '../recommendations/loaders';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { Change } from './change.entity';
import { loadLatestChange, loadPage, loadRevision } from './loaders';
import { PagePart, PagePartKind } from './page-part.model';
import { Page } from './page.entity';
import { PagesService } from './pages.service';
import { Revision } from './revision.entity';

@Resolver(() => Page)
export class PagesResolver {
  constructor(
    private readonly pages: PagesService,
    private readonly recommendations: RecommendationsService,
  ) {}

  @Query(() => Page, { nullable: true, description: 'A wiki page, by slug.' })
  page(@Args('slug') slug: string): Promise<Page | null> {
    return this.pages.findBySlug(slug);
  }

  @Query(() => [Page], { description: 'Featured pages, by title.' })
  featuredPages(): Promise<Page[]> {
    return this.pages.listFeatured();
  }

  @ResolveField(() => Area, { nullable: true, description: 'The area the page is filed under' })
  area(@Parent() page: Page, @Context() context: RequestContext): Promise<Area | null> | null {
    return page.areaId === null ? null : loadArea(context, this.recommendations, page.areaId);
  }

  @ResolveField(() => Revision, { nullable: true })
  currentRevision(@Parent() page: Page, @Context() context: RequestContext): Promise<Revision | null> | null {
    return page.currentRevisionId === null ? null : loadRevision(context, this.pages, page.currentRevisionId);
  }

  @ResolveField(() => [PagePart], { description: 'The current text rendered to sanitised HTML, in parts' })
  async parts(@Parent() page: Page, @Context() context: RequestContext): Promise<PagePart[]> {
    const revision = page.currentRevisionId === null ? null : await loadRevision(context, this.pages, page.currentRevisionId);
    return revision ? this.pages.renderRevision(revision) : [];
  }

  @ResolveField(() => Boolean, { description: 'Whether the page shows the recommendation areas' })
  async showsRecommendations(@Parent() page: Page, @Context() context: RequestContext): Promise<boolean> {
    return (await this.parts(page, context)).some((part) => part.kind === PagePartKind.Recommendations);
  }

  @ResolveField(() => [Area], { description: 'The recommendation areas, in order, when the page shows them; otherwise empty' })
  async recommendationAreas(@Parent() page: Page, @Context() context: RequestContext): Promise<Area[]> {
    return (await this.showsRecommendations(page, context)) ? this.recommendations.listAreas() : [];
  }

  @ResolveField(() => Change, { nullable: true, description: 'The newest change to what the page shows' })
  latestChange(@Parent() page: Page, @Context() context: RequestContext): Promise<Change | null> {
    return loadLatestChange(context, this.pages, page.id);
  }
}

@Resolver(() => Revision)
export class RevisionResolver {
  constructor(private readonly accounts: AccountsService) {}

  @ResolveField(() => User)
  async author(@Parent() revision: Revision, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, revision.authorId))!;
  }
}

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
  revision(@Parent() change: Change, @Context() context: RequestContext): Promise<Revision | null> | null {
    return change.revisionId === null ? null : loadRevision(context, this.pages, change.revisionId);
  }

  @ResolveField(() => Page, { nullable: true, description: 'The page the change belongs to' })
  page(@Parent() change: Change, @Context() context: RequestContext): Promise<Page | null> | null {
    return change.pageId === null ? null : loadPage(context, this.pages, change.pageId);
  }

  @ResolveField(() => Int, { description: 'How many recommendations the change touched' })
  recommendationCount(@Parent() change: Change): number {
    return change.details.recommendationIds?.length ?? 0;
  }
}
