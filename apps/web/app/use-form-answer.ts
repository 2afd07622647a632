import { useActionData, useSearchParams } from 'react-router';
import type { FormProblem } from './forms';

/**
 * What the account forms need from their last submission: its errors, the values to refill, and
 * where to go afterwards (kept from the submission, else from the address).
 */
export function useFormAnswer() {
  const answer = useActionData<FormProblem | undefined>();
  const [searchParams] = useSearchParams();
  const values = answer?.values ?? {};
  return { answer, errors: answer?.errors, values, returnTo: values.returnTo ?? searchParams.get('returnTo') ?? '' };
}
