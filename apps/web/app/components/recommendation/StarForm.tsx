import { Form } from 'react-router';
import { errorFor } from '../../forms';
import type { RecommendationAnswer } from '../../recommendation.server';
import { CsrfField } from '../CsrfField';

/** As the server's STAR_LIMITS.reasonLength. */
const REASON_LENGTH = 1000;

/** "Mark as a realistic mechanism", with the reason shown beside the marker's name. */
export function StarForm({ recommendationId, answer }: { recommendationId: number; answer?: RecommendationAnswer }) {
  const error = errorFor(answer?.errors, 'reason', 'reason');
  const describedBy = ['reason-hint', error ? 'reason-error' : null].filter(Boolean).join(' ');
  return (
    <Form method="post" action={`/recommendations/${recommendationId}`} className="form" noValidate key={answer?.submission}>
      <CsrfField />
      <div className={`form-group${error ? ' form-group--error' : ''}`}>
        <label className="label" htmlFor="reason">
          Why is this a simple, realistic mechanism?
        </label>
        <div className="hint" id="reason-hint">
          Required. Up to {REASON_LENGTH} characters, shown with your name.
        </div>
        {error ? (
          <p className="error-message" id="reason-error">
            <span className="visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <textarea
          className={`textarea${error ? ' textarea--error' : ''}`}
          id="reason"
          name="reason"
          rows={4}
          defaultValue={answer?.values.reason}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          aria-required
        />
      </div>
      <button type="submit" className="button" name="intent" value="star">
        Mark as a realistic mechanism
      </button>
    </Form>
  );
}
