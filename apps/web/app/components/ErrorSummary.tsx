import { useEffect, useRef, type MouseEvent } from 'react';

export interface ErrorSummaryItem {
  /** The id of the field the problem is about; the summary links to it. */
  fieldId: string;
  message: string;
}

/**
 * "There is a problem", then a link to each field in error (the GOV.UK error summary). It takes
 * focus when it appears, so a screen reader reads it first. A link moves focus to its field
 * without changing the address, which would lose the form's answer in the browser.
 */
export function ErrorSummary({ items, focusKey }: { items: ErrorSummaryItem[]; focusKey?: string }) {
  const summary = useRef<HTMLDivElement>(null);
  // Focus once per answer from the server (not again when the page merely re-renders).
  const key = focusKey ?? items.map((item) => `${item.fieldId}:${item.message}`).join('|');
  useEffect(() => {
    if (key) summary.current?.focus();
  }, [key]);
  if (items.length === 0) return null;

  const focusField = (event: MouseEvent<HTMLAnchorElement>, fieldId: string) => {
    const field = document.getElementById(fieldId);
    if (!field) return;
    event.preventDefault();
    const label = document.querySelector(`label[for="${CSS.escape(fieldId)}"]`);
    (label ?? field).scrollIntoView();
    field.focus({ preventScroll: true });
  };

  return (
    <div className="error-summary" aria-labelledby="error-summary-title" tabIndex={-1} ref={summary}>
      <h2 className="error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <ul className="error-summary__list">
        {items.map((item) => (
          <li key={`${item.fieldId}:${item.message}`}>
            <a href={`#${item.fieldId}`} onClick={(event) => focusField(event, item.fieldId)}>
              {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
