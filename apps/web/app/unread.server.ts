import type { AppLoadContext } from 'react-router';
import { graphql } from './graphql';
import { query } from './load-context';

const VIEWER_UNREAD_COUNTS = graphql(`query ViewerUnreadCounts($threadIds: [Int!]!) { viewerUnreadCounts(threadIds: $threadIds) { threadId unreadCount } }`);

/** The server answers for at most this many threads at once (MAX_LISTED_THREADS). */
const MAX_THREADS = 100;

/**
 * "2 unread" for each thread of a list, for the signed-in viewer: one small personal query (one
 * statement) asked apart from the list, so the list itself stays one shared, cacheable read and
 * this answer is never kept in the read cache. People signed out ask nothing, so pages kept for
 * them hold no one's reading, and a change to one page leaves the others' kept copies current (a
 * read with no pages named is site-wide).
 */
export async function withUnreadCounts<T extends { id: number }>(
  context: AppLoadContext,
  request: Request,
  threads: readonly T[],
  /**
   * The wiki pages the threads belong to, when the caller knows them all (a page's own thread list):
   * a count then changes only with a reply to them (announced as a change to their page) or with the
   * viewer's reading (checked by the page kept for their session), so that page survives changes
   * elsewhere. Without it, the answer is taken to concern the whole site.
   */
  pages?: readonly number[],
): Promise<(T & { viewerUnreadCount: number | null })[]> {
  if (!context.signedIn || threads.length === 0) return threads.map((thread) => ({ ...thread, viewerUnreadCount: null }));
  const ids = [...new Set(threads.map((thread) => thread.id))].slice(0, MAX_THREADS);
  const { viewerUnreadCounts } = await query(context, VIEWER_UNREAD_COUNTS, { threadIds: ids }, { cacheable: false, request, ...(pages ? { concerns: () => pages } : {}) });
  const counts = new Map(viewerUnreadCounts.map((each) => [each.threadId, each.unreadCount]));
  return threads.map((thread) => ({ ...thread, viewerUnreadCount: counts.get(thread.id) ?? null }));
}
