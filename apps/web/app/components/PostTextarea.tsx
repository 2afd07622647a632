import type { ReactNode } from 'react';

/** A labelled textarea for a post's markdown, with hint and error (the GOV.UK pattern). */
export function PostTextarea({ id, name, label, hint, error, defaultValue, rows = 6 }: { id: string; name: string; label: ReactNode; hint?: ReactNode; error?: string; defaultValue?: string; rows?: number }) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <p className="error-message" id={errorId}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <textarea
        className={`textarea textarea--post${error ? ' textarea--error' : ''}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
}
