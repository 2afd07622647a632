import { useEffect, useMemo, useRef, useState } from 'react';
import { useRevalidator } from 'react-router';
import { LiveUpdatesBar } from './LiveUpdatesBar';
import { plural, useLiveRoom, usePausedPreference, useSettledAnnouncement } from './use-live-room';

/**
 * Live updates on a page's threads (a wiki page's Discussion section, its full thread list) and on
 * lists of recommendations that show realistic-mechanism marks (stars): new threads and changed
 * marks are held behind one polite status ("1 new thread", "realistic-mechanism marks changed on
 * 1 recommendation") and a "Show …" button, which refetches and moves focus to the first new
 * thread's link, else the first changed recommendation, else `fallbackFocusId`.
 */
export function LivePageUpdates({
  room,
  threads,
  followStars = false,
  fallbackFocusId,
}: {
  /** `page:<slug>` or `area:<slug>` */
  room: string;
  /** To follow new threads: the page they must be about, and the ids of the threads shown. */
  threads?: { pageSlug: string; ids: number[] };
  followStars?: boolean;
  fallbackFocusId: string;
}) {
  const revalidator = useRevalidator();
  const [paused, setPaused] = usePausedPreference();
  const [newThreads, setNewThreads] = useState<ReadonlySet<number>>(new Set());
  const [changedRecommendations, setChangedRecommendations] = useState<ReadonlySet<number>>(new Set());
  /** Marks may have changed while the connection was down too long to replay what was missed. */
  const [maybeMissed, setMaybeMissed] = useState(false);
  const shownKey = threads?.ids.join(',') ?? '';
  // eslint-disable-next-line react-hooks/exhaustive-deps -- by content, not by array identity
  const shown = useMemo(() => new Set(threads?.ids ?? []), [shownKey]);
  const latest = useRef(shown);
  latest.current = shown;
  const focusWanted = useRef<{ threads: number[]; recommendations: number[] } | null>(null);

  const connection = useLiveRoom(
    room,
    {
      'thread:started': (event) => {
        if (threads && event.pageSlug === threads.pageSlug && !latest.current.has(event.threadId)) setNewThreads((before) => new Set([...before, event.threadId]));
      },
      'star:changed': (event) => {
        if (followStars) setChangedRecommendations((before) => new Set([...before, event.recommendationId]));
      },
    },
    // After a long disconnect events may have been lost: ask what the page's threads are now (new
    // ones are held like any other); marks cannot be compared, so say that changes may be waiting.
    () => {
      if (threads) {
        const { pageSlug } = threads;
        void import('./live-documents')
          .then(({ sendLive, LIVE_PAGE_THREADS }) => sendLive(LIVE_PAGE_THREADS, { slug: pageSlug }))
          .then((data) => {
            const missed = (data?.page?.threadList.threads ?? []).map((thread) => thread.id).filter((id) => !latest.current.has(id));
            if (missed.length > 0) setNewThreads((before) => new Set([...before, ...missed]));
          })
          .catch(() => undefined);
      }
      if (followStars) setMaybeMissed(true);
    },
  );

  // Once the refetch has finished (whether or not the list, as sorted, shows the new threads).
  useEffect(() => {
    const wanted = focusWanted.current;
    if (!wanted || revalidator.state !== 'idle') return;
    focusWanted.current = null;
    setNewThreads(new Set());
    setChangedRecommendations(new Set());
    setMaybeMissed(false);
    const link = wanted.threads.map((id) => document.querySelector<HTMLElement>(`main a[href="/threads/${id}"]`)).find(Boolean);
    const recommendation = wanted.recommendations.map((id) => document.getElementById(`recommendation-${id}`)).find(Boolean);
    const target = link ?? recommendation ?? document.getElementById(fallbackFocusId);
    if (!target) return;
    if (!link && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [shown, fallbackFocusId, revalidator.state]);

  const waiting = [...newThreads].filter((id) => !shown.has(id));
  const changed = [...changedRecommendations];
  const threadWords = waiting.length > 0 ? plural(waiting.length, 'new thread', 'new threads') : '';
  const summary = [
    threadWords,
    changed.length > 0 ? `realistic-mechanism marks changed on ${plural(changed.length, 'recommendation', 'recommendations')}` : '',
    maybeMissed && changed.length === 0 ? 'realistic-mechanism marks may have changed while live updates were interrupted' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const announcement = useSettledAnnouncement(summary ? summary[0].toUpperCase() + summary.slice(1) : '', paused);
  const showLabel = threadWords
    ? `Show ${threadWords}`
    : changed.length > 0
      ? `Show ${plural(changed.length, 'changed recommendation', 'changed recommendations')}`
      : maybeMissed
        ? 'Show the latest marks'
        : null;
  return (
    <LiveUpdatesBar
      label={threads ? 'threads' : 'recommendations'}
      announcement={announcement}
      showLabel={showLabel}
      onShow={() => {
        void revalidator.revalidate();
        focusWanted.current = { threads: waiting, recommendations: changed };
      }}
      paused={paused}
      onPause={setPaused}
      connection={connection}
      withoutScripts={threads ? 'New threads appear when you reload the page.' : 'Changes appear when you reload the page.'}
    />
  );
}
