import type { RequestContext } from '../graphql/request-context';
import type { Change } from './change.entity';
import type { Page } from './page.entity';
import type { PagesService } from './pages.service';
import type { Revision } from './revision.entity';

export function loadRevision(context: RequestContext, pages: PagesService, id: number): Promise<Revision | null> {
  return context.loaders.get<number, Revision | null>('revisionsById', (ids) => pages.revisionsByIds(ids)).load(id);
}

export function loadPage(context: RequestContext, pages: PagesService, id: number): Promise<Page | null> {
  return context.loaders.get<number, Page | null>('pagesById', (ids) => pages.pagesByIds(ids)).load(id);
}

export function loadLatestChange(context: RequestContext, pages: PagesService, pageId: number): Promise<Change | null> {
  return context.loaders
    .get<number, Change | null>('latestChangeByPage', (ids) => pages.latestChangesByPageIds(ids))
    .load(pageId);
}
