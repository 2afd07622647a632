import { primeUsers } from '../accounts/user-loader';
import type { RequestContext } from '../graphql/request-context';
import { primeWatching } from '../notifications/watching-loader';
import type { Change } from '../changes/change.entity';
import type { ChangeConnection } from '../changes/change-connection.model';
import type { Page } from './page.entity';
import type { AreaRead, PageRead, PagesService, RevisionRead } from './pages.service';

export function loadRevision(context: RequestContext, pages: PagesService, id: number): Promise<RevisionRead | null> {
  return context.loaders.get<number, RevisionRead | null>('revisionsById', (ids) => pages.revisionsByIds(ids)).load(id);
}

/** A revision's markdown, for one that was read without it (history lists them without their text). */
export async function loadRevisionText(context: RequestContext, pages: PagesService, revision: RevisionRead): Promise<string> {
  if (revision.body !== undefined) return revision.body;
  return (await context.loaders.get<number, string | null>('revisionTextById', (ids) => pages.revisionTextsByIds(ids)).load(revision.id)) ?? '';
}

export function loadPage(context: RequestContext, pages: PagesService, id: number): Promise<Page | null> {
  return context.loaders.get<number, Page | null>('pagesById', (ids) => pages.pagesByIds(ids)).load(id);
}

export function loadLatestChange(context: RequestContext, pages: PagesService, pageId: number): Promise<Change | null> {
  return context.loaders
    .get<number, Change | null>('latestChangeByPage', (ids) => pages.latestChangesByPageIds(ids))
    .load(pageId);
}

export function loadBacklinks(context: RequestContext, pages: PagesService, pageId: number): Promise<Page[]> {
  return context.loaders.get<number, Page[]>('backlinksByPage', (ids) => pages.backlinksByPageIds(ids)).load(pageId);
}

export function loadPreviousRevisionId(context: RequestContext, pages: PagesService, revisionId: number): Promise<number | null> {
  return context.loaders.get<number, number | null>('previousRevisionIds', (ids) => pages.previousRevisionIds(ids)).load(revisionId);
}

/** Hands what the page's one statement read to the loaders its fields use. */
export function primePageRead(context: RequestContext, read: PageRead): void {
  const { page, loaders } = { page: read.page, loaders: context.loaders };
  loaders.prime('pagesById', [[page.id, page]]);
  if (read.area) loaders.prime('areasById', [[read.area.id, read.area]]);
  primeUsers(context, [read.deletedBy, read.currentRevisionAuthor ?? null, read.latestChange?.actor ?? null]);
  if (read.currentRevision) loaders.prime('revisionsById', [[read.currentRevision.id, read.currentRevision]]);
  if (read.latestChange !== undefined) {
    loaders.prime('latestChangeByPage', [[page.id, read.latestChange?.change ?? null]]);
    const revision = read.latestChange?.revision;
    if (revision) {
      loaders.prime('revisionsById', [[revision.id, revision]]);
      loaders.prime('previousRevisionIds', [[revision.id, read.latestChange!.previousRevisionId]]);
    }
  }
  if (read.backlinks) loaders.prime('backlinksByPage', [[page.id, read.backlinks]]);
  if (read.watching !== undefined) primeWatching(context, 'page_id', [[page.id, read.watching]]);
}

/** Hands the recommendation areas' one statement to the loaders their fields use (recommendations, stars, people). */
export function primeAreaReads(context: RequestContext, reads: readonly AreaRead[]): void {
  const { loaders } = context;
  loaders.prime('areasById', reads.map((read) => [read.area.id, read.area] as const));
  loaders.prime('recommendationsByArea', reads.map((read) => [read.area.id, read.recommendations.map((item) => item.recommendation)] as const));
  const recommendations = reads.flatMap((read) => read.recommendations);
  loaders.prime('starsByRecommendation', recommendations.map((item) => [item.recommendation.id, item.stars.map((star) => star.star)] as const));
  primeUsers(context, recommendations.flatMap((item) => item.stars.map((star) => star.user)));
}

/** Hands the people and revisions a timeline's statement read with its changes to the loaders. */
export function primeChangeReads(context: RequestContext, changes: ChangeConnection): void {
  if (!changes.read) return;
  primeUsers(context, changes.read.users);
  context.loaders.prime('revisionsById', changes.read.revisions.map((revision) => [revision.id, revision] as const));
}
