import { Form } from 'react-router';
import { errorFor } from '../../forms';
import type { StarView } from '../../fragments';
import type { RecommendationAnswer } from '../../recommendation.server';
import { CsrfField } from '../CsrfField';
import { TextInput } from '../TextInput';

/** A moderator's "remove this mark": one form per mark, each with its own reason box and a button named after whose mark it removes. */
export function RemoveStarForms({ recommendationId, stars, answer }: { recommendationId: number; stars: StarView[]; answer?: RecommendationAnswer }) {
  return (
    <div className="moderator-tools">
      <h3>Remove a mark (moderators)</h3>
      <p>Removing a mark is logged with your reason, in the history below and the moderation log.</p>
      {stars.map((star) => {
        const own = answer?.form === `remove-${star.id}` ? answer : undefined;
        return (
          <Form key={`${star.id}-${own?.submission ?? ''}`} method="post" action={`/recommendations/${recommendationId}`} className="form" noValidate>
            <CsrfField />
            <input type="hidden" name="starId" value={star.id} />
            <TextInput
              id={`remove-reason-${star.id}`}
              name="reason"
              label={`Reason for removing ${star.user.username}’s mark`}
              defaultValue={own?.values.reason}
              error={errorFor(own?.errors, 'reason', 'reason')}
              width="full"
            />
            <button type="submit" className="button button--warning" name="intent" value="remove">
              Remove {star.user.username}’s mark
            </button>
          </Form>
        );
      })}
    </div>
  );
}

/** The id of the reason box the error summary links to: the star form's, or the remove form's that failed. */
export function reasonFieldId(answer: RecommendationAnswer | undefined): string {
  return answer?.form.startsWith('remove-') ? `remove-reason-${answer.form.slice('remove-'.length)}` : 'reason';
}
