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
import { Change } from '../changes/change.entity';
import { RevisionComparison } from './revision-comparison.model';
import { loadBacklinks, loadLatestChange, loadPreviousRevisionId, loadRevision, loadRevisionText, primeAreaReads, primePageRead } from './loaders';
import { PagePart, PagePartKind } from './page-part.model';
import { Page } from './page.entity';
import { PagesService, type RevisionRead } from './pages.service';
import { Revision } from './revision.entity';

@Resolver(() => Page)
export class PagesResolver {
  constructor(
    private readonly pages: PagesService,
    private readonly recommendations: RecommendationsService,
    private readonly accounts: AccountsService,
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
