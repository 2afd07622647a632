import { useEffect, useState } from 'react';
import { useFetcher, useLocation } from 'react-router';
import { count } from '../format';
import { useRootData } from '../viewer';
import { CsrfField } from './CsrfField';

/**
 * "Mark all as read" for a thread list that is not a page's whole list (that one has its own): a
 * plain form posting the list's threads to /threads/read, which comes back here (works without
 * JavaScript). With JavaScript a fetcher sends it: the page is not reloaded, the list's "unread"
 * marks go as its data is read again, focus stays on the button, and a polite message says what
 * was done. Shown to people signed in while anything in the list is unread. `name` ("the recent
 * threads") tells this button apart from others on the page.
 */
export function MarkAllRead({ threads, name }: { threads: readonly { id: number; viewerUnreadCount?: number | null }[]; name: string }) {
  const root = useRootData();
  const location = useLocation();
  const fetcher = useFetcher<{ marked: number; error: string | null }>();
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const unread = threads.some((thread) => (thread.viewerUnreadCount ?? 0) > 0);
  // Stays after marking (when nothing is unread any more), so focus is not lost with the button.
  if (!root?.viewer || (!unread && !fetcher.data)) return null;
  const announce = fetcher.state === 'idle' && fetcher.data ? (fetcher.data.error ?? `Marked as read: ${count(fetcher.data.marked, 'thread', 'threads')}`) : '';
  return (
    <fetcher.Form method="post" action="/threads/read" className="threads__read-all" preventScrollReset>
      <CsrfField />
      <input type="hidden" name="threadIds" value={threads.map((thread) => thread.id).join(',')} />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      {enhanced ? <input type="hidden" name="enhanced" value="1" /> : null}
      <button type="submit" className="button button--secondary">
        Mark all as read<span className="visually-hidden">: {name}</span>
      </button>
      <span aria-live="polite" aria-atomic="true" className="visually-hidden">
        {announce}
      </span>
    </fetcher.Form>
  );
}
