import { count } from '../format';
import { DateTime } from './DateTime';
import { PersonName } from './UserLink';
import { MarkAllRead } from './MarkAllRead';
import { WatchForm } from './WatchForm';
import { useRootData } from '../viewer';
import type { ThreadRow } from '../fragments';

export type { ThreadRow };

/** Whether the viewer gets a Watch column: signed in, not suspended, and the rows say what they watch. */
export function useWatchColumn(threads: ThreadRow[]): boolean {
  const viewer = useRootData()?.viewer;
  return Boolean(viewer && !viewer.suspended) && threads.some((thread) => thread.viewerWatching !== undefined);
}

/** "Started by, Subject, Replies, Last post": the threads about a page, newest activity first. */
export function ThreadTable({
  threads,
  totalCount,
  pageTitle,
  allHref,
  scope = 'this page',
}: {
  /** With the viewer's unread counts when signed in (withUnreadCounts): "2 unread" and "Mark all as read". */
  threads: (ThreadRow & { viewerUnreadCount?: number | null })[];
  totalCount: number;
  pageTitle: string;
  /** The full list, linked as "view all" */ allHref?: string;
  /** What the threads are about, in words: "this page", "this recommendation" */ scope?: string;
}) {
  const watchColumn = useWatchColumn(threads);
  if (threads.length === 0) {
    return <p>There are no threads about {scope} yet.</p>;
  }
  return (
    <>
      <table className="table thread-table">
        <caption>Threads about {pageTitle}</caption>
        <thead>
          <tr>
            <th scope="col">Started by</th>
            <th scope="col">Subject</th>
            <th scope="col">Replies</th>
            <th scope="col">Last post</th>
            {watchColumn ? <th scope="col">Watch</th> : null}
          </tr>
        </thead>
        <tbody>
          {threads.map((thread) => (
            <ThreadTableRow key={thread.id} thread={thread} watchColumn={watchColumn} />
          ))}
        </tbody>
      </table>
      <p className="hint">
        Showing {threads.length} of {count(totalCount, 'thread', 'threads')} for {scope}
        {allHref ? (
          <>
            {' — '}
            <a href={allHref}>view all threads about {pageTitle}</a>
          </>
        ) : null}
      </p>
      <MarkAllRead threads={threads} name={`the threads shown about ${pageTitle}`} />
    </>
  );
}

/**
 * One thread in a thread table: who started it, its subject (linked), replies, "found valuable by"
 * when the row has a count, the last post, and the Watch control when the table has that column.
 */
export function ThreadTableRow({ thread, watchColumn }: { thread: ThreadRow & { valuableCount?: number; viewerUnreadCount?: number | null }; watchColumn: boolean }) {
  return (
    <tr>
      <td>
        <PersonName person={thread.starter} />
      </td>
      <td>
        <a href={`/threads/${thread.id}`}>{thread.subject}</a>
      </td>
      <td>
        {thread.replyCount}
        {thread.viewerUnreadCount ? (
          <>
            <span className="visually-hidden">, </span>
            <strong className="tag tag--unread thread-table__unread">{thread.viewerUnreadCount} unread</strong>
          </>
        ) : null}
      </td>
      {thread.valuableCount === undefined ? null : <td>{count(thread.valuableCount, 'person', 'people')}</td>}
      <td>
        <DateTime iso={thread.lastPostAt} /> by <PersonName person={thread.lastPostBy} />
      </td>
      {watchColumn ? (
        <td>
          <WatchForm target={{ threadId: thread.id }} watching={thread.viewerWatching ?? false} name={`the thread ‘${thread.subject}’`} />
        </td>
      ) : null}
    </tr>
  );
}
