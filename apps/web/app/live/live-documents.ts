import { print } from '@0no-co/graphql.web';
import { graphql } from '../graphql';
import type { TadaDocumentNode } from 'gql.tada';

/**
 * The few GraphQL requests the browser makes itself (after a long disconnect, or when a live
 * event says a count changed), typed from schema.graphql like every other document. Pages load
 * this module only when one of them is needed, so its parser never weighs on a first visit.
 */

/** The page's first threads by newest activity, as its thread lists show them. */
export const LIVE_PAGE_THREADS = graphql(`
  query LivePageThreads($slug: String!) {
    page(slug: $slug) { threadList(page: 1, perPage: 25) { threads { id } } }
  }
`);

/** What a thread holds now, to compare with the replies on the page. */
export const LIVE_THREAD = graphql(`
  query LiveThread($id: Int!) {
    thread(id: $id) { replies { id editCount deleted author { username } } }
  }
`);

export const UNREAD_NOTIFICATIONS = graphql(`
  query UnreadNotifications { unreadNotificationCount }
`);

export const PAUSE_LIVE_UPDATES = graphql(`
  mutation PauseLiveUpdates($input: UpdateNotificationSettingsInput!) {
    updateNotificationSettings(input: $input) { errors { message } }
  }
`);

/**
 * Sends one of the documents above to `/graphql` as this browser (its session cookie, as JSON from
 * this site's page: what the endpoint's CSRF defence asks of a browser). Its data, or null when the request or
 * the document failed: callers treat that as "nothing new".
 */
export async function sendLive<Result, Variables>(document: TadaDocumentNode<Result, Variables>, variables: Variables): Promise<Result | null> {
  try {
    const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: print(document), variables }) });
    const answer: { data?: Result | null } = await response.json();
    return answer.data ?? null;
  } catch {
    return null;
  }
}
