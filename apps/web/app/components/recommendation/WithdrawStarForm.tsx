import { Form } from 'react-router';
import { CsrfField } from '../CsrfField';

/** "Withdraw my mark", for someone who marked the recommendation as a realistic mechanism. */
export function WithdrawStarForm({ recommendationId }: { recommendationId: number }) {
  return (
    <Form method="post" action={`/recommendations/${recommendationId}`} className="form">
      <CsrfField />
      <button type="submit" className="button button--secondary" name="intent" value="withdraw">
        Withdraw my mark
      </button>
    </Form>
  );
}
