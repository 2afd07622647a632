import { useEffect, useState } from 'react';
import type { LiveConnection } from './use-live-room';

const CONNECTION_TEXT: Record<LiveConnection, string> = {
  off: 'Live updates are starting',
  connecting: 'Connecting to live updates',
  connected: 'Live updates on',
  reconnecting: 'Live updates interrupted: reconnecting',
  refused: 'Live updates are not available here',
};

/**
 * The strip that holds live updates: a polite status region (present and empty on load), the
 * "Show 2 new replies" button, the "Pause live updates" switch and the connection state. It keeps
 * its height whether or not there is something to show, so nothing on the page moves when updates
 * arrive. Without JavaScript it says that new posts appear on reloading, in the same space.
 */
export function LiveUpdatesBar({
  label,
  announcement,
  showLabel,
  onShow,
  paused,
  onPause,
  connection,
  withoutScripts,
}: {
  /** What it follows, for tests and styles: "thread", "threads". */
  label: string;
  announcement: string;
  /** "Show 2 new replies", or null when nothing waits. */
  showLabel: string | null;
  onShow: () => void;
  paused: boolean;
  onPause: (paused: boolean) => void;
  connection: LiveConnection;
  /** What the strip says before scripts run (and if they never do). */
  withoutScripts: string;
}) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="live-updates" data-live={label}>
      <div role="status" className="visually-hidden">{hydrated ? announcement : ''}</div>
      {hydrated ? (
        <div className="live-updates__controls">
          <button
            type="button"
            className="button button--small live-updates__show"
            onClick={onShow}
            hidden={paused || showLabel === null}
          >
            {showLabel ?? 'Show new posts'}
          </button>
          <button type="button" className="button button--secondary button--small" aria-pressed={paused} onClick={() => onPause(!paused)}>
            Pause live updates
          </button>
          <p className="live-updates__state">{paused ? 'Live updates paused' : CONNECTION_TEXT[connection]}</p>
        </div>
      ) : (
        <p className="live-updates__state">{withoutScripts}</p>
      )}
    </div>
  );
}
