import type { ReactNode } from 'react';
import { FormGroup } from './FormGroup';

/** A labelled textarea for a post's markdown, with hint and error (the GOV.UK pattern). */
export function PostTextarea({ id, name, label, hint, error, defaultValue, rows = 6 }: { id: string; name: string; label: ReactNode; hint?: ReactNode; error?: string; defaultValue?: string; rows?: number }) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <textarea
          className={`textarea textarea--post${error ? ' textarea--error' : ''}`}
          id={id}
          name={name}
          rows={rows}
          defaultValue={defaultValue}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
        />
      )}
    </FormGroup>
  );
}
