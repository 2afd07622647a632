import type { TadaDocumentNode } from 'gql.tada';
import type { AppLoadContext } from 'react-router';
import { type FormError, tooManyAttemptsMessage } from './forms';
import { mutate, TooManyRequests } from './load-context';

/** What every curation and moderation mutation answers beside its own fields. */
interface CurationPayload {
  readonly errors: readonly { readonly field: string | null; readonly message: string }[];
}

/** A mutation document with one field, whose payload carries `errors { field message … }`. */
type CurationDocument<Payload extends CurationPayload, Variables> = TadaDocumentNode<{ [name: string]: Payload | null }, Variables>;

/**
 * Runs one curation mutation (a static document with one field answering `{ … errors { field
 * message code } }`): the payload on success, or the problems to show, a rate limit included.
 * Other refusals are thrown.
 */
export async function curationMutation<Payload extends CurationPayload, Variables>(
  context: AppLoadContext,
  request: Request,
  document: CurationDocument<Payload, Variables>,
  variables: Variables,
): Promise<{ result: Payload | null; errors: FormError[] }> {
  try {
    const data = await mutate(context, document, variables, { request });
    const [payload] = Object.values(data);
    const errors = (payload?.errors ?? []).map(({ field, message }) => ({ field: field || null, message }));
    return { result: errors.length > 0 ? null : (payload ?? null), errors };
  } catch (error) {
    if (error instanceof TooManyRequests) return { result: null, errors: [{ field: null, message: tooManyAttemptsMessage(error.retryAfterSeconds) }] };
    throw error;
  }
}

/** A whole number from a form field, or null. */
export function intField(value: string): number | null {
  const number = Number(value.trim());
  return value.trim() !== '' && Number.isInteger(number) ? number : null;
}
