import { useEffect, useMemo, useRef, useState } from 'react';
import { useRevalidator } from 'react-router';
import type { ResultOf } from '../graphql';
import type { LIVE_THREAD } from './live-documents';
import { LiveUpdatesBar } from './LiveUpdatesBar';
import { plural, useLiveRoom, usePausedPreference, useSettledAnnouncement } from './use-live-room';

/** A reply on the page, as the thread's reconciling query reads it too. */
export type ShownReply = Pick<NonNullable<ResultOf<typeof LIVE_THREAD>['thread']>['replies'][number], 'id' | 'editCount' | 'deleted'>;

/**
 * Live updates on a thread page. New replies (and edits and deletions of replies on the page) are
 * held, never inserted under the reader: a polite status says "2 new replies" once things settle,
 * and "Show 2 new replies" refetches the page's data and moves focus to the first new reply.
 * "Valuable?" counts are not announced: they refresh whenever the page's data is refetched.
 * The viewer's own replies are not announced (posting one already shows it).
 */
export function LiveThreadUpdates({ threadId, replies, viewerUsername }: { threadId: number; replies: ShownReply[]; viewerUsername: string | null }) {
  const revalidator = useRevalidator();
  const [paused, setPaused] = usePausedPreference();
  const [newIds, setNewIds] = useState<ReadonlySet<number>>(new Set());
  const [changedIds, setChangedIds] = useState<ReadonlySet<number>>(new Set());
  /** A moderator changed the thread itself (locked, moved, pinned, hid it) since the page's data was read. */
  const [threadChanged, setThreadChanged] = useState(false);
  const focusWanted = useRef<ReadonlySet<number> | null>(null);
  const shown = useMemo(() => new Map(replies.map((reply) => [reply.id, reply])), [replies]);
  const latest = useRef({ shown, viewerUsername });
  latest.current = { shown, viewerUsername };

  const add = (setter: typeof setNewIds, ids: number[]) => {
    if (ids.length > 0) setter((before) => new Set([...before, ...ids]));
  };

  const connection = useLiveRoom(
    `thread:${threadId}`,
    {
      'reply:posted': (event) => {
        if (event.threadId !== threadId || event.author.username === latest.current.viewerUsername) return;
        if (!latest.current.shown.has(event.replyId)) add(setNewIds, [event.replyId]);
      },
      'reply:edited': (event) => {
        if (latest.current.shown.has(event.replyId)) add(setChangedIds, [event.replyId]);
      },
      'reply:deleted': (event) => {
        if (latest.current.shown.has(event.replyId)) add(setChangedIds, [event.replyId]);
      },
      'thread:changed': () => setThreadChanged(true),
    },
    // After a long disconnect: ask what the thread holds now rather than trust the events.
    () => {
      void import('./live-documents')
        .then(({ sendLive, LIVE_THREAD }) => sendLive(LIVE_THREAD, { id: threadId }))
        .then((data) => {
          const { shown: onPage, viewerUsername: me } = latest.current;
          const now = data?.thread?.replies ?? [];
          add(setNewIds, now.filter((reply) => !onPage.has(reply.id) && reply.author.username !== me).map((reply) => reply.id));
          add(setChangedIds, now.filter((reply) => { const before = onPage.get(reply.id); return before && (before.editCount !== reply.editCount || before.deleted !== reply.deleted); }).map((reply) => reply.id));
        })
        .catch(() => undefined);
    },
  );

  // Fresh data (after "Show", or after the viewer's own post): what it holds is no longer waiting.
  useEffect(() => {
    setNewIds((before) => (before.size === 0 ? before : new Set([...before].filter((id) => !shown.has(id)))));
    setChangedIds((before) => (before.size === 0 ? before : new Set()));
    setThreadChanged(false);
    const wanted = focusWanted.current;
    if (!wanted) return;
    if (wanted.size === 0) {
      // Only the thread itself changed (a lock banner, say): its heading, where that news starts.
      focusWanted.current = null;
      const heading = document.querySelector<HTMLElement>('main h1');
      heading?.setAttribute('tabindex', '-1');
      heading?.focus();
      return;
    }
    const first = [...document.querySelectorAll<HTMLElement>('[id^="reply-"]')].find((element) => wanted.has(Number(element.id.slice('reply-'.length))));
    if (first) {
      focusWanted.current = null;
      first.focus();
    }
  }, [shown]);

  const waiting = [...newIds].filter((id) => !shown.has(id));
  const changed = [...changedIds].filter((id) => shown.has(id));
  const parts = [
    waiting.length > 0 ? plural(waiting.length, 'new reply', 'new replies') : '',
    changed.length > 0 ? `${plural(changed.length, 'reply', 'replies')} changed` : '',
    threadChanged ? 'a moderator changed this thread' : '',
  ];
  const said = parts.filter(Boolean).join(', ');
  const summary = said.charAt(0).toUpperCase() + said.slice(1);
  const announcement = useSettledAnnouncement(summary, paused);
  const showLabel =
    waiting.length > 0
      ? `Show ${plural(waiting.length, 'new reply', 'new replies')}`
      : changed.length > 0
        ? `Show ${plural(changed.length, 'changed reply', 'changed replies')}`
        : threadChanged
          ? 'Show the changed thread'
          : null;

  return (
    <LiveUpdatesBar
      label="thread"
      announcement={announcement}
      showLabel={showLabel}
      onShow={() => {
        focusWanted.current = new Set(waiting.length > 0 ? waiting : changed);
        void revalidator.revalidate();
      }}
      paused={paused}
      onPause={setPaused}
      connection={connection}
      withoutScripts="New replies appear when you reload the page."
    />
  );
}
