import type { RequestContext } from '../graphql/request-context';
import type { NotificationsService } from './notifications.service';

export type WatchedColumn = 'thread_id' | 'page_id' | 'area_id';

/** Whether the viewer watches each thread, page or area: batched per request. */
export function loadWatching(context: RequestContext, service: NotificationsService, column: WatchedColumn, id: number): Promise<boolean> {
  return context.loaders.get<number, boolean>(`watching:${column}`, (ids) => service.watchingByIds(column, ids, context.viewer?.user.id ?? null)).load(id);
}

/** Watching read along with what is watched (a page, its threads), for the signed-in viewer only. */
export function primeWatching(context: RequestContext, column: WatchedColumn, entries: Iterable<readonly [number, boolean]>): void {
  if (context.viewer) context.loaders.prime(`watching:${column}`, entries);
}
