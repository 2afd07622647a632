import { useEffect, useMemo, useRef, useState } from 'react';
import { useRevalidator } from 'react-router';
import { LiveUpdatesBar } from './LiveUpdatesBar';
import { plural, useLiveRoom, usePausedPreference, useSettledAnnouncement } from './use-live-room';

/**
 * Live updates on a page's threads (the wiki page's Discussion section and the full thread list):
 * new threads are held behind "1 new thread" (a polite status, once things settle) and
 * "Show 1 new thread", which refetches and moves focus to the new thread's link, or to
 * `fallbackFocusId` when the list as sorted does not show it.
 */
export function LiveThreadListUpdates({ pageSlug, threadIds, fallbackFocusId }: { pageSlug: string; threadIds: number[]; fallbackFocusId: string }) {
  const revalidator = useRevalidator();
  const [paused, setPaused] = usePausedPreference();
  const [newIds, setNewIds] = useState<ReadonlySet<number>>(new Set());
  const shownKey = threadIds.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- by content, not by array identity
  const shown = useMemo(() => new Set(threadIds), [shownKey]);
  const latest = useRef(shown);
  latest.current = shown;
  const focusWanted = useRef<number[] | null>(null);

  const connection = useLiveRoom(
    `page:${pageSlug}`,
    {
      'thread:started': (event: { threadId: number; pageSlug: string }) => {
        if (event.pageSlug === pageSlug && !latest.current.has(event.threadId)) setNewIds((before) => new Set([...before, event.threadId]));
      },
    },
    // After a long disconnect, threads may have been missed: fetch the list afresh at the reader's request.
    () => undefined,
  );

  // Once the refetch has finished (whether or not the list, as sorted, shows the new threads).
  useEffect(() => {
    const wanted = focusWanted.current;
    if (!wanted || revalidator.state !== 'idle') return;
    focusWanted.current = null;
    setNewIds(new Set());
    const link = wanted.map((id) => document.querySelector<HTMLElement>(`main a[href="/threads/${id}"]`)).find(Boolean);
    const target = link ?? document.getElementById(fallbackFocusId);
    if (!target) return;
    if (!link && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [shown, fallbackFocusId, revalidator.state]);

  const waiting = [...newIds].filter((id) => !shown.has(id));
  const summary = waiting.length > 0 ? plural(waiting.length, 'new thread', 'new threads') : '';
  const announcement = useSettledAnnouncement(summary, paused);
  return (
    <LiveUpdatesBar
      label="threads"
      announcement={announcement}
      showLabel={waiting.length > 0 ? `Show ${summary}` : null}
      onShow={() => {
        void revalidator.revalidate();
        focusWanted.current = waiting;
      }}
      paused={paused}
      onPause={setPaused}
      connection={connection}
      withoutScripts="New threads appear when you reload the page."
    />
  );
}
