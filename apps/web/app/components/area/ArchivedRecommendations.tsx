import { Form } from 'react-router';
import { shortText } from '../../curation';
import { errorFor } from '../../forms';
import { CsrfField } from '../CsrfField';
import { type AreaForms, ErrorText, Hidden } from './area-forms';

/** The area's archived recommendations: each keeps its page, and a moderator may restore it. */
export function ArchivedRecommendations({ recommendations, moderator, forms: { errorsOf } }: { recommendations: readonly { id: number; text: string }[]; moderator: boolean; forms: AreaForms }) {
  return (
    <>
      <h2 id="archived">Archived recommendations</h2>
      <p>Hidden from the list; each keeps its page{moderator ? ' and can be restored' : ''}.</p>
      <ul className="list">
        {recommendations.map((recommendation) => {
          const restoreError = errorFor(errorsOf('restore', recommendation.id), 'recommendationId', 'recommendationId');
          return (
            <li key={recommendation.id} id={`archived-${recommendation.id}`}>
              <a href={`/recommendations/${recommendation.id}`}>{recommendation.text}</a>
              {moderator ? (
                <Form method="post" noValidate className={restoreError ? 'form-group form-group--error' : undefined}>
                  <CsrfField />
                  <Hidden name="intent" value="restore" />
                  <Hidden name="recommendationId" value={recommendation.id} />
                  <ErrorText id={`restore-${recommendation.id}`} error={restoreError} />
                  <button
                    type="submit"
                    id={`restore-${recommendation.id}`}
                    className="button button--secondary button--small"
                    aria-describedby={restoreError ? `restore-${recommendation.id}-error` : undefined}
                  >
                    Restore<span className="visually-hidden"> ‘{shortText(recommendation.text)}’</span>
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
