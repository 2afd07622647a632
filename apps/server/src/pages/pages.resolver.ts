import { Args, Context, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { selectedFields } from '../graphql/selected-fields';
import { Area } from '../recommendations/area.entity';
import { loadArea } from '../recommendations/loaders';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { ChangeConnection } from './change-connection.model';
import { ChangeDetailsModel } from './change-details.model';
import { Change } from './change.entity';
import { RevisionComparison } from './revision-comparison.model';
import { loadBacklinks, loadLatestChange, loadPage, loadPreviousRevisionId, loadRevision, loadRevisionText, primeAreaReads, primeChangeReads, primePageRead } from './loaders';
import { PagePart, PagePartKind } from './page-part.model';
import { Page } from './page.entity';
import { PagesService, type RevisionRead } from './pages.service';
import { RecentChangesService } from './recent-changes.service';
import { Revision } from './revision.entity';

@Resolver(() => Page)
export class PagesResolver {
  constructor(
    private readonly pages: PagesService,
    private readonly recommendations: RecommendationsService,
    private readonly accounts: AccountsService,
    private readonly timeline: RecentChangesService,
  ) {}

  @Query(() => Page, { nullable: true, description: 'A wiki page, by slug or by a slug it had before a rename (compare `slug` to redirect).' })
  async page(@Args('slug') slug: string, @Context() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Page | null> {
    const fields = selectedFields(info);
    const read = await this.pages.readBySlug(slug, {
      text: ['parts', 'currentRevision', 'showsRecommendations', 'recommendationAreas'].some((field) => fields.has(field)),
      latestChange: fields.has('latestChange'),
      backlinks: fields.has('backlinks'),
      watchingFor: fields.has('viewerWatching') ? (context.viewer?.user.id ?? null) : null,
    });
    if (!read) return null;
    primePageRead(context, read);
    return read.page;
  }

  @Query(() => Revision, { nullable: true, description: 'A revision, by id.' })
  revision(@Args('id', { type: () => Int }) id: number): Promise<Revision | null> {
    return this.pages.findRevision(id);
  }

  @Query(() => RevisionComparison, { nullable: true, description: 'Two revisions of one page compared word by word; null unless both exist and share a page (the page given, if one is).' })
  compareRevisions(
    @Args('from', { type: () => Int }) from: number,
    @Args('to', { type: () => Int }) to: number,
    @Args('pageId', { type: () => Int, nullable: true }) pageId?: number | null,
  ): Promise<RevisionComparison | null> {
    return this.pages.compareRevisions(from, to, pageId ?? undefined);
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
  currentRevision(@Parent() page: Page, @Context() context: RequestContext): Promise<RevisionRead | null> | null {
    return page.currentRevisionId === null ? null : loadRevision(context, this.pages, page.currentRevisionId);
  }

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

  @ResolveField(() => [Page], { description: 'Pages whose current text links here ("Links to this page"), by title' })
  backlinks(@Parent() page: Page, @Context() context: RequestContext): Promise<Page[]> {
    return loadBacklinks(context, this.pages, page.id);
  }

  @ResolveField(() => User, { nullable: true, description: 'The moderator who deleted the page' })
  deletedBy(@Parent() page: Page, @Context() context: RequestContext): Promise<User | null> | null {
    return page.deletedById === null ? null : loadUser(context, this.accounts, page.deletedById);
  }

  @ResolveField(() => [PagePart], { description: 'The current text rendered to sanitised HTML, in parts; none while the page is deleted' })
  async parts(@Parent() page: Page, @Context() context: RequestContext): Promise<PagePart[]> {
    if (page.deletedAt) return [];
    const revision = page.currentRevisionId === null ? null : await loadRevision(context, this.pages, page.currentRevisionId);
    return revision ? this.pages.renderRevision(await loadRevisionText(context, this.pages, revision)) : [];
  }

  @ResolveField(() => Boolean, { description: 'Whether the page shows the recommendation areas' })
  async showsRecommendations(@Parent() page: Page, @Context() context: RequestContext): Promise<boolean> {
    return (await this.parts(page, context)).some((part) => part.kind === PagePartKind.Recommendations);
  }

  @ResolveField(() => [Area], { description: 'The recommendation areas, in order, when the page shows them; otherwise empty' })
  async recommendationAreas(@Parent() page: Page, @Context() context: RequestContext): Promise<Area[]> {
    if (!(await this.showsRecommendations(page, context))) return [];
    const areas = await this.pages.recommendationAreasShown();
    primeAreaReads(context, areas);
    return areas.map((read) => read.area);
  }

  @ResolveField(() => Change, { nullable: true, description: 'The newest change to what the page shows' })
  latestChange(@Parent() page: Page, @Context() context: RequestContext): Promise<Change | null> {
    return loadLatestChange(context, this.pages, page.id);
  }
}

@Resolver(() => Revision)
export class RevisionResolver {
  constructor(
    private readonly accounts: AccountsService,
    private readonly pages: PagesService,
  ) {}

  @ResolveField(() => User)
  async author(@Parent() revision: RevisionRead, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, revision.authorId))!;
  }

  @ResolveField(() => Revision, { nullable: true, description: 'For a revert: the revision whose text it brought back' })
  revertedTo(@Parent() revision: RevisionRead, @Context() context: RequestContext): Promise<RevisionRead | null> | null {
    return revision.revertedToId === null ? null : loadRevision(context, this.pages, revision.revertedToId);
  }

  @ResolveField(() => Int, { nullable: true, description: 'The revision saved just before this one on the same page' })
  previousRevisionId(@Parent() revision: RevisionRead, @Context() context: RequestContext): Promise<number | null> {
    return loadPreviousRevisionId(context, this.pages, revision.id);
  }

  @ResolveField(() => String, { description: 'Markdown source' })
  body(@Parent() revision: RevisionRead, @Context() context: RequestContext): Promise<string> {
    return loadRevisionText(context, this.pages, revision);
  }

  @ResolveField(() => [PagePart], { description: "This revision's text rendered to sanitised HTML, in parts" })
  async parts(@Parent() revision: RevisionRead, @Context() context: RequestContext): Promise<PagePart[]> {
    return this.pages.renderRevision(await loadRevisionText(context, this.pages, revision));
  }

  @ResolveField(() => Int, { nullable: true, description: 'The revision the edit started from' })
  baseRevisionId(@Parent() revision: RevisionRead): number | null {
    return revision.baseRevisionId;
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
