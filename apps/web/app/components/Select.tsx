import type { ReactNode } from 'react';
import { FormGroup } from './FormGroup';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps {
  /** The select's id; its hint and error are `<id>-hint` and `<id>-error`. */
  id: string;
  name: string;
  label: ReactNode;
  options: SelectOption[];
  /** The first option, meaning "no choice" (value ''), e.g. "All areas". */
  emptyOption?: string;
  defaultValue?: string;
  hint?: ReactNode;
  error?: string;
}

/** A labelled select with optional hint and error message, in the GOV.UK pattern (as TextInput). */
export function Select({ id, name, label, options, emptyOption, defaultValue, hint, error }: SelectProps) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <select className={`select${error ? ' select--error' : ''}`} id={id} name={name} defaultValue={defaultValue ?? ''} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
          {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormGroup>
  );
}
