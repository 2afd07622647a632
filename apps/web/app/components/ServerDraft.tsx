import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { Form, useLocation } from 'react-router';
import type { OfferedDraft } from '../drafts.server';
import { formatDate, formatDateTime } from '../format';
import { CsrfField } from './CsrfField';

/** How long after typing stops a draft is saved: long enough not to save every key, short enough to lose little. */
export const DRAFT_DEBOUNCE_MS = 2000;

/** "10:42" today, "5 December 2026, 10:42" before. */
export function draftTime(iso: string): string {
  const full = formatDateTime(iso);
  return formatDate(iso) === formatDate(new Date().toISOString()) ? full.slice(full.lastIndexOf(' ') + 1) : full;
}

/**
 * The offer of a draft kept on the server ("You have a draft from 10:42 — Restore or Discard"), above
 * the form it belongs to (a form of its own cannot sit inside that one). Restore is a link
 * (`?draft=restore`: the loader fills the form with the draft), Discard a form: both work without scripts.
 */
export function DraftOffer({ draft, restored }: { draft: OfferedDraft | null; restored: boolean }) {
  const location = useLocation();
  // More than one form on a page (a thread's replies) may offer a draft: each banner's title needs its own id.
  const titleId = `draft-title${useId().replace(/:/g, '')}`;
  const params = new URLSearchParams(location.search);
  const discarded = params.get('draft') === 'discarded';
  params.delete('draft');
  const here = `${location.pathname}${params.size ? `?${params}` : ''}`;
  params.set('draft', 'restore');
  const restoreHref = `${location.pathname}?${params}`;
  if (restored && draft) {
    return (
      <div className="notification-banner notification-banner--success" role="region" aria-labelledby={titleId}>
        <div className="notification-banner__header">
          <h2 className="notification-banner__title" id={titleId}>
            Draft restored
          </h2>
        </div>
        <div className="notification-banner__content">
          <p role="status">Your draft from {draftTime(draft.savedAt)} is in the form below. Check it, then send it when you are ready.</p>
        </div>
      </div>
    );
  }
  if (!draft) {
    return discarded ? (
      <p role="status" className="draft-note">
        Your draft has been discarded.
      </p>
    ) : null;
  }
  return (
    <div className="notification-banner" role="region" aria-labelledby={titleId}>
      <div className="notification-banner__header">
        <h2 className="notification-banner__title" id={titleId}>
          Draft not sent
        </h2>
      </div>
      <div className="notification-banner__content">
        <p>
          You have a draft from {draftTime(draft.savedAt)}, saved while you were writing here before
          {draft.body ? <> (it begins “{draft.body.slice(0, 80)}{draft.body.length > 80 ? '…' : ''}”)</> : null}.
        </p>
        <div className="button-group">
          <a className="button" href={restoreHref}>
            Restore my draft
          </a>
          <Form method="post" action="/drafts" className="inline-form">
            <CsrfField />
            <input type="hidden" name="intent" value="discard" />
            <input type="hidden" name="draftKey" value={draft.key} />
            <input type="hidden" name="returnTo" value={here} />
            <button type="submit" className="button button--secondary">
              Discard my draft
            </button>
          </Form>
        </div>
      </div>
    </div>
  );
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'failed'; why: string };

/**
 * Saves what is in `form` as the viewer's draft on the server, 2 seconds after typing stops and
 * when an answer comes back without the text having been posted (`submission` changes). Says so
 * politely ("Draft saved at 10:42"); a failure — the site refusing, or the connection gone — is
 * said at once, in an alert. Sits inside the form: it also sends `draftTime`, so posting the text
 * discards any save still on its way. Needs scripts; without them nothing is saved while typing.
 */
export function DraftSaving({ draftKey, form, submission, restored = false }: { draftKey: string; form: RefObject<HTMLFormElement | null>; submission?: string; restored?: boolean }) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);
  const sentAt = useRef<HTMLInputElement>(null);
  const posted = useRef(false);

  useEffect(() => {
    const element = form.current;
    if (!element) return;
    const save = async () => {
      timer.current = null;
      if (posted.current) return;
      if (!navigator.onLine) {
        setStatus({ kind: 'failed', why: 'you are offline. Your text is still here: keep this page open until the connection is back' });
        return;
      }
      const body = new FormData(element);
      // A draft is words only: files chosen in the form's upload slots are not sent with every save.
      for (const [name, value] of Array.from(body.entries())) if (typeof value !== 'string') body.delete(name);
      body.set('intent', 'save');
      body.set('draftKey', draftKey);
      body.set('savedAt', new Date().toISOString());
      setStatus({ kind: 'saving' });
      try {
        const response = await fetch('/drafts', { method: 'POST', body, credentials: 'same-origin' });
        const answer = (await response.json()) as { savedAt: string | null; error: string | null };
        if (posted.current) return;
        if (answer.savedAt) {
          dirty.current = false;
          setStatus({ kind: 'saved', at: answer.savedAt });
        } else setStatus({ kind: 'failed', why: answer.error ?? 'the site did not answer' });
      } catch {
        if (!posted.current) setStatus({ kind: 'failed', why: 'the connection to the site was lost. Your text is still here: keep this page open until it is back' });
      }
    };
    const typed = () => {
      dirty.current = true;
      if (timer.current) clearTimeout(timer.current);
      // Offline: say so now, not after the pause.
      if (!navigator.onLine) void save();
      else timer.current = setTimeout(() => void save(), DRAFT_DEBOUNCE_MS);
    };
    const offline = () => {
      if (dirty.current) void save();
    };
    const online = () => {
      if (dirty.current) void save();
    };
    const sending = () => {
      posted.current = true;
      if (timer.current) clearTimeout(timer.current);
      if (sentAt.current) sentAt.current.value = new Date().toISOString();
    };
    element.addEventListener('input', typed);
    element.addEventListener('submit', sending);
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      if (timer.current) clearTimeout(timer.current);
      element.removeEventListener('input', typed);
      element.removeEventListener('submit', sending);
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [draftKey, form, submission]);

  // Restored by the offer's link: the words are back in the text box, so that is where the person goes next.
  useEffect(() => {
    if (restored) (form.current?.elements.namedItem('body') as HTMLTextAreaElement | null)?.focus();
  }, [restored, form]);

  // An answer came back and the text was not posted (a problem at a field, a conflict): keep it now.
  useEffect(() => {
    if (!submission || !form.current) return;
    posted.current = false;
    dirty.current = true;
    form.current.dispatchEvent(new Event('input', { bubbles: true }));
  }, [submission, form]);

  return (
    <div className="draft-status">
      <input type="hidden" name="draftTime" ref={sentAt} defaultValue="" />
      <p role="status" className="hint">
        {status.kind === 'saving' ? 'Saving draft…' : status.kind === 'saved' ? `Draft saved at ${draftTime(status.at)}` : ''}
      </p>
      <div role="alert">
        {status.kind === 'failed' ? (
          <p className="error-message">
            <span className="visually-hidden">Error:</span> Draft not saved — {status.why}
          </p>
        ) : null}
      </div>
    </div>
  );
}
