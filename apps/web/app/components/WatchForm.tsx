import { useEffect, useState } from 'react';
import { useFetcher, useLocation } from 'react-router';
import { useRootData } from '../viewer';
import { CsrfField } from './CsrfField';

export type WatchTarget = { threadId: number } | { pageSlug: string } | { areaId: number };

/**
 * "Watch" / "Stop watching" as a plain form posting to /watch, which redirects back (works without
 * JavaScript). With JavaScript it is sent by a fetcher: no reload, focus stays on the button, and a
 * polite status message says the new state. `name` ("the thread ‘Subject’") makes the button's
 * accessible name unique on the page; `id` is a fragment emails link to ("Stop watching this thread"). Signed-out and suspended readers see nothing.
 */
export function WatchForm({ target, watching, name, className, id }: { target: WatchTarget; watching: boolean; name: string; className?: string; id?: string }) {
  const root = useRootData();
  const location = useLocation();
  const fetcher = useFetcher<{ watching: boolean; error?: string }>();
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  // Signed out, or suspended (who cannot change anything): no button.
  if (!root?.viewer || root.viewer.suspended) return null;

  const pending = fetcher.formData ? fetcher.formData.get('watch') === 'yes' : undefined;
  const now = pending ?? fetcher.data?.watching ?? watching;
  const announce = fetcher.state === 'idle' && fetcher.data ? (fetcher.data.error ?? (fetcher.data.watching ? `You are watching ${name}` : `You have stopped watching ${name}`)) : '';
  const [field, value] = Object.entries(target)[0] as [string, string | number];
  return (
    <fetcher.Form id={id} method="post" action="/watch" className={`watch-form ${className ?? ''}`.trim()} preventScrollReset>
      <CsrfField />
      <input type="hidden" name={field} value={value} />
      <input type="hidden" name="watch" value={now ? 'no' : 'yes'} />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      {enhanced ? <input type="hidden" name="enhanced" value="1" /> : null}
      <button type="submit" className="button button--secondary button--small watch-form__button">
        {now ? 'Stop watching' : 'Watch'}
        <span className="visually-hidden"> {name}</span>
      </button>
      {/* A polite live region without role="status", so it stays out of the page's status messages. */}
      <span aria-live="polite" aria-atomic="true" className="visually-hidden watch-form__announcement">
        {announce}
      </span>
    </fetcher.Form>
  );
}
