import type { ReactNode } from 'react';
import { FormGroup } from './FormGroup';

export interface TextInputProps {
  /** The input's id; its hint and error are `<id>-hint` and `<id>-error`. */
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The message shown above the input when what was sent cannot be used. */
  error?: string;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  defaultValue?: string;
  /** Off for usernames, emails and passwords, which are not words. */
  spellCheck?: boolean;
  /** Say the field must be filled in, without the browser's own check (our messages explain better). */
  required?: boolean;
  /** A narrower input for short answers. */
  width?: 'full' | 'medium';
}

/** A labelled text input with optional hint and error message, in the GOV.UK pattern. */
export function TextInput({
  id,
  name,
  label,
  hint,
  error,
  type = 'text',
  autoComplete,
  defaultValue,
  spellCheck,
  required,
  width = 'medium',
}: TextInputProps) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <input
          className={`input input--${width}${error ? ' input--error' : ''}`}
          id={id}
          name={name}
          type={type}
          autoComplete={autoComplete}
          defaultValue={type === 'password' ? undefined : defaultValue}
          spellCheck={spellCheck}
          autoCapitalize={spellCheck === false ? 'none' : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          aria-required={required ? true : undefined}
        />
      )}
    </FormGroup>
  );
}
