import { Form } from 'react-router';
import { errorFor } from '../../forms';
import { CsrfField } from '../CsrfField';
import { type AreaForms, ErrorText, Hidden } from './area-forms';

/** Anyone signed in may propose a recommendation: it is listed at once, marked as new. */
export function ProposeForm({ areaId, forms: { values, submission, errorsOf } }: { areaId: number; forms: AreaForms }) {
  return (
    <>
      <h2 id="propose">Propose a recommendation</h2>
      <Form method="post" noValidate key={`propose-${submission}`}>
        <CsrfField />
        <Hidden name="intent" value="propose" />
        <Hidden name="areaId" value={areaId} />
        <div className={`form-group${errorFor(errorsOf('propose'), 'text', 'areaId') ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="propose-text">
            Your recommendation
          </label>
          <div className="hint" id="propose-text-hint">
            Up to 1000 characters. It appears at once, marked as new until a moderator has seen it.
          </div>
          <ErrorText id="propose-text" error={errorFor(errorsOf('propose'), 'text', 'areaId') ?? errorFor(errorsOf('propose'), 'areaId')} />
          <textarea
            className={`textarea textarea--short${errorFor(errorsOf('propose'), 'text') ? ' textarea--error' : ''}`}
            id="propose-text"
            name="text"
            rows={3}
            defaultValue={errorsOf('propose') ? values.text : undefined}
            aria-describedby={`propose-text-hint${errorFor(errorsOf('propose'), 'text', 'areaId') ? ' propose-text-error' : ''}`}
            aria-invalid={errorFor(errorsOf('propose'), 'text') ? true : undefined}
          />
        </div>
        <button type="submit" className="button">
          Propose
        </button>
      </Form>
    </>
  );
}
