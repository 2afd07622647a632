import { count } from '../format';
import { DateTime } from './DateTime';
import { PersonName, type PersonSummary } from './UserLink';
import { WatchForm } from './WatchForm';
import { useRootData } from '../viewer';

export interface ThreadRow {
  id: number;
  subject: string;
  replyCount: number;
  lastPostAt: string;
  starter: PersonSummary;
  lastPostBy: PersonSummary;
  /** Whether the viewer watches the thread; rows with it get a Watch control for signed-in people. */
  viewerWatching?: boolean;
}

/** "Started by, Subject, Replies, Last post": the threads about a page, newest activity first. */
export function ThreadTable({
  threads,
  totalCount,
  pageTitle,
  allHref,
  scope = 'this page',
}: {
  threads: ThreadRow[];
  totalCount: number;
  pageTitle: string;
  /** The full list, linked as "view all" */ allHref?: string;
  /** What the threads are about, in words: "this page", "this recommendation" */ scope?: string;
}) {
  const viewer = useRootData()?.viewer;
  const watchColumn = Boolean(viewer && !viewer.suspended) && threads.some((thread) => thread.viewerWatching !== undefined);
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
            <tr key={thread.id}>
              <td>
                <PersonName person={thread.starter} />
              </td>
              <td>
                <a href={`/threads/${thread.id}`}>{thread.subject}</a>
              </td>
              <td>{thread.replyCount}</td>
              <td>
                <DateTime iso={thread.lastPostAt} /> by <PersonName person={thread.lastPostBy} />
              </td>
              {watchColumn ? (
                <td>
                  <WatchForm target={{ threadId: thread.id }} watching={thread.viewerWatching ?? false} name={`the thread ‘${thread.subject}’`} />
                </td>
              ) : null}
            </tr>
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
    </>
  );
}
