import type { ReactNode } from 'react';

export interface RadioOption {
  value: string;
  label: string;
  hint: string;
}

export interface RadiosProps {
  /** The group's name; each radio's id is `<name>-<value>`, the hint `<name>-hint`, the error `<name>-error`. */
  name: string;
  legend: string;
  hint: ReactNode;
  options: readonly RadioOption[];
  checked: string;
  error?: string;
}

/**
 * A choice of one among a few, each with a hint, in the GOV.UK radios pattern: a fieldset whose
 * legend asks the question, its hint and any error read with it, and the error summary linking to
 * the first radio (`<name>-<first value>`).
 */
export function Radios({ name, legend, hint, options, checked, error }: RadiosProps) {
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={`${name}-hint${error ? ` ${name}-error` : ''}`}>
        <legend className="fieldset__legend">{legend}</legend>
        <div className="hint" id={`${name}-hint`}>
          {hint}
        </div>
        {error ? (
          <p className="error-message" id={`${name}-error`}>
            <span className="visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <div className="radios">
          {options.map((option) => (
            <div className="radios__item" key={option.value}>
              <input
                className="radios__input"
                type="radio"
                id={`${name}-${option.value}`}
                name={name}
                value={option.value}
                defaultChecked={checked === option.value}
                aria-describedby={`${name}-${option.value}-hint`}
              />
              <label className="radios__label" htmlFor={`${name}-${option.value}`}>
                {option.label}
              </label>
              <div className="hint radios__hint" id={`${name}-${option.value}-hint`}>
                {option.hint}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
