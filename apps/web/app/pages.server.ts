import type { TadaDocumentNode } from 'gql.tada';
import type { AppLoadContext } from 'react-router';
import type { FormError } from './forms';
import { tooManyAttemptsMessage } from './forms';
import { graphql, type ResultOf } from './graphql';
import { mutate, TooManyRequests } from './load-context';

const PageEditFields = graphql(`
  fragment PageEditFields on PageEditPayload {
    outcome page { slug title } revision { id }
    conflict { yourText mergedText currentRevision { id body createdAt summary author { username displayName } } parts { mine theirs base } }
    errors { field message code }
  }
`);

/** What the page mutations answer (`PageEditPayload` in the schema), its errors as a form shows them. */
export type PageEditAnswer = Omit<ResultOf<typeof PageEditFields>, 'errors'> & { errors: FormError[] };
export type EditConflictView = NonNullable<PageEditAnswer['conflict']>;

export const CREATE_PAGE = graphql(`mutation CreatePage($input: CreatePageInput!) { createPage(input: $input) { ...PageEditFields } }`, [PageEditFields]);
export const SAVE_PAGE = graphql(`mutation SavePage($input: SavePageInput!) { savePage(input: $input) { ...PageEditFields } }`, [PageEditFields]);
export const REVERT_PAGE = graphql(`mutation RevertPage($input: RevertPageInput!) { revertPage(input: $input) { ...PageEditFields } }`, [PageEditFields]);

/**
 * Runs a page mutation for a form action. Refusals (sign in, forbidden, suspended) are thrown as
 * pages; a rate limit comes back as a form-wide problem, so the person's text stays in the form.
 */
export async function pageMutation<Input>(
  context: AppLoadContext,
  request: Request,
  document: TadaDocumentNode<{ [name: string]: ResultOf<typeof PageEditFields> }, { input: Input }>,
  input: Input,
): Promise<PageEditAnswer> {
  try {
    const [payload] = Object.values(await mutate(context, document, { input }, { request }));
    return { ...payload, errors: payload.errors.map(({ field, message }) => ({ field: field || null, message })) };
  } catch (error) {
    if (error instanceof TooManyRequests) {
      return { outcome: 'Invalid', page: null, revision: null, conflict: null, errors: [{ field: null, message: tooManyAttemptsMessage(error.retryAfterSeconds) }] };
    }
    throw error;
  }
}

/** Runs a moderator's page mutation (`PagePayload` and the like): its errors, form-wide. */
export async function pageModeration<Input>(
  context: AppLoadContext,
  request: Request,
  document: TadaDocumentNode<{ [name: string]: { readonly errors: readonly { readonly field: string | null; readonly message: string }[] } }, { input: Input }>,
  input: Input,
): Promise<FormError[]> {
  try {
    const [payload] = Object.values(await mutate(context, document, { input }, { request }));
    return payload.errors.map(({ field, message }) => ({ field: field || null, message }));
  } catch (error) {
    if (error instanceof TooManyRequests) return [{ field: null, message: tooManyAttemptsMessage(error.retryAfterSeconds) }];
    throw error;
  }
}
