import type { AppLoadContext } from 'react-router';
import { type FormError, tooManyAttemptsMessage } from './forms';
import { mutate, TooManyRequests } from './load-context';

interface CurationPayload {
  errors: { field: string | null; message: string; code: string }[];
  [key: string]: unknown;
}

/**
 * Runs one curation mutation (each answers `{ … errors { field message code } }`): the payload's
 * other fields on success, or the problems to show, a rate limit included. Other refusals are thrown.
 */
export async function curationMutation<T = Record<string, unknown>>(
  context: AppLoadContext,
  request: Request,
  name: string,
  inputType: string,
  selection: string,
  input: Record<string, unknown>,
): Promise<{ result: T | null; errors: FormError[] }> {
  const source = `mutation Curate($input: ${inputType}!) { ${name}(input: $input) { ${selection} errors { field message code } } }`;
  try {
    const data = await mutate<Record<string, CurationPayload>>(context, source, { input }, { request });
    const payload = data[name];
    const errors = (payload?.errors ?? []).map(({ field, message }) => ({ field: field || null, message }));
    return { result: errors.length > 0 ? null : (payload as unknown as T), errors };
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
