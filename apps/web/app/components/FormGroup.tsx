import type { ReactNode } from 'react';

export interface FormGroupProps {
  /** The control's id; its hint and error are `<id>-hint` and `<id>-error`. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The message shown above the control when what was sent cannot be used. */
  error?: string;
  /** Draws the control, given the ids that describe it (for `aria-describedby`). */
  children: (describedBy: string | undefined) => ReactNode;
}

/**
 * The GOV.UK form group: a label, an optional hint, an optional error message (with a hidden
 * "Error:" for screen readers), then the control, described by the hint and the error.
 */
export function FormGroup({ id, label, hint, error, children }: FormGroupProps) {
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
      {children(describedBy)}
    </div>
  );
}
