import type { LiveEventMap, LiveEventName } from '@commonplace/live-events';
import { useEffect, useRef, useState } from 'react';
import { useRootData } from '../viewer';
import { connectWhenIdle } from './connect';

/** How the live connection is doing, shown quietly beside the controls (never in the live region). */
export type LiveConnection = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** What to do on each event, typed by the contract the server sends (`@commonplace/live-events`). */
type Listeners = { [E in LiveEventName]?: (payload: LiveEventMap[E]) => void };

/**
 * Joins one socket.io room (`thread:12`, `page:emerging-issues`) once the page is idle and calls the
 * listeners for its events. socket.io-client is loaded only then, in the browser (connect.ts).
 *
 * After a short drop, connection-state recovery replays what was missed and the room is kept. After
 * a long one (`socket.recovered === false` on reconnecting) the room is joined again and
 * `onMissed` is called: events may have been lost, so the caller refetches instead of trusting them.
 */
export function useLiveRoom(room: string, listeners: Listeners, onMissed: () => void): LiveConnection {
  const [connection, setConnection] = useState<LiveConnection>('off');
  const current = useRef({ listeners, onMissed });
  current.current = { listeners, onMissed };

  useEffect(() => {
    let connectedBefore = false;
    setConnection('connecting');
    return connectWhenIdle({}, (socket) => {
      socket.on('connect', () => {
        const recovered = socket.recovered;
        if (!recovered) {
          socket.emit('join', room, (answer) => {
            if (answer?.joined === room) setConnection('connected');
          });
          if (connectedBefore) current.current.onMissed();
        } else {
          setConnection('connected');
        }
        connectedBefore = true;
      });
      socket.on('exception', () => setConnection('refused'));
      socket.on('disconnect', (reason) => {
        setConnection('reconnecting');
        // The server ends the sockets of a session that ended (signed out elsewhere, a password
        // change); socket.io does not retry those, so start afresh as whoever the cookie names now.
        if (reason === 'io server disconnect') socket.connect();
      });
      socket.onAny((event: string, payload: unknown) => (current.current.listeners[event as LiveEventName] as ((payload: unknown) => void) | undefined)?.(payload));
    });
  }, [room]);

  return connection;
}

const PAUSE_KEY = 'commonplace.liveUpdatesPaused';

/**
 * "Pause live updates", remembered for this person: on their account when signed in (so every
 * browser they use knows), otherwise in this browser's storage.
 */
export function usePausedPreference(): [boolean, (paused: boolean) => void] {
  const saved = useRootData()?.liveUpdatesPaused ?? null;
  const [paused, setPaused] = useState(saved ?? false);
  useEffect(() => {
    if (saved !== null) {
      setPaused(saved);
      return;
    }
    try {
      setPaused(window.localStorage.getItem(PAUSE_KEY) === 'yes');
    } catch {
      // Storage refused (private mode): the switch still works for this page.
    }
  }, [saved]);
  const change = (next: boolean) => {
    setPaused(next);
    if (saved !== null) {
      // The switch has already changed here; if the account cannot be updated, this page still follows it.
      void import('./live-documents')
        .then(({ sendLive, PAUSE_LIVE_UPDATES }) => sendLive(PAUSE_LIVE_UPDATES, { input: { pauseLiveUpdates: next } }))
        .catch(() => undefined);
      return;
    }
    try {
      if (next) window.localStorage.setItem(PAUSE_KEY, 'yes');
      else window.localStorage.removeItem(PAUSE_KEY);
    } catch {
      // As above.
    }
  };
  return [paused, change];
}

/** Waits this long after the latest change before announcing, so a burst is one announcement... */
const SETTLE_MS = 1500;
/** ...but no longer than this after the first. */
const MAX_WAIT_MS = 5000;

/**
 * The text for the polite live region: the summary once it has settled, '' when there is nothing
 * to say or updates are paused. The same words are not announced twice in a row.
 */
export function useSettledAnnouncement(summary: string, paused: boolean): string {
  const [announced, setAnnounced] = useState('');
  const firstChange = useRef<number | null>(null);
  useEffect(() => {
    if (paused || summary === '') {
      firstChange.current = null;
      setAnnounced('');
      return;
    }
    firstChange.current ??= Date.now();
    const wait = Math.max(0, Math.min(SETTLE_MS, firstChange.current + MAX_WAIT_MS - Date.now()));
    const timer = setTimeout(() => {
      firstChange.current = null;
      setAnnounced(summary);
    }, wait);
    return () => clearTimeout(timer);
  }, [summary, paused]);
  return announced;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
