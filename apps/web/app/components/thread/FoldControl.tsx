import { useEffect, useRef } from 'react';
import { useFetcher } from 'react-router';
import { CsrfField } from '../CsrfField';

/**
 * "Hide the 4 replies to hadleyac's reply": folds a sub-thread away, or shows it again. A real button
 * with aria-expanded, controlling the answers' container. Signed in, the fold is remembered on the
 * server: the button submits a form (with scripts through a fetcher, the page staying as it is;
 * without, a post that comes back to the reply). Signed out, with scripts the button folds in this
 * page only; without scripts it is a link to the same view by address (`?fold=<id>`).
 */
export function FoldControl({
  replyId,
  label,
  folded,
  controls,
  here,
  signedIn,
  hydrated,
  addressHref,
  onToggle,
}: {
  replyId: number;
  label: string;
  folded: boolean;
  controls: string;
  here: string;
  signedIn: boolean;
  hydrated: boolean;
  /** The same page with this sub-thread folded (or shown), for readers without scripts. */
  addressHref: string;
  onToggle: (folded: boolean) => void;
}) {
  const fetcher = useFetcher<{ errors?: { message: string }[] }>();
  const asked = useRef<boolean | null>(null);
  const refused = fetcher.state === 'idle' ? (fetcher.data?.errors?.[0]?.message ?? null) : null;
  // The server did not keep the fold (too many at once, say): the page goes back to what it holds, and says why.
  useEffect(() => {
    if (refused && asked.current !== null) {
      onToggle(!asked.current);
      asked.current = null;
    }
  }, [refused, onToggle]);
  if (signedIn) {
    return (
      <fetcher.Form
        method="post"
        action={here}
        className="fold-form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          form.set('enhanced', 'yes');
          asked.current = !folded;
          onToggle(!folded);
          void fetcher.submit(form, { method: 'post', action: here });
        }}
      >
        <CsrfField />
        <input type="hidden" name="intent" value="fold" />
        <input type="hidden" name="replyId" value={replyId} />
        <input type="hidden" name="folded" value={folded ? 'no' : 'yes'} />
        <button type="submit" className="button button--secondary fold-button" aria-expanded={!folded} aria-controls={controls}>
          {label}
        </button>
        {refused ? (
          <span role="alert" className="error-message">
            Not remembered: {refused}
          </span>
        ) : null}
      </fetcher.Form>
    );
  }
  if (!hydrated) {
    return (
      <p className="fold-link">
        <a href={addressHref}>{label}</a>
      </p>
    );
  }
  return (
    <button type="button" className="button button--secondary fold-button" aria-expanded={!folded} aria-controls={controls} onClick={() => onToggle(!folded)}>
      {label}
    </button>
  );
}
