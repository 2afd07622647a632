import type { AppLoadContext } from 'react-router';
import type { FormError } from './forms';
import { tooManyAttemptsMessage } from './forms';
import { mutate, TooManyRequests } from './load-context';

/** What the page mutations answer (`PageEditPayload` in the schema). */
export interface PageEditAnswer {
  outcome: 'Saved' | 'Merged' | 'Unchanged' | 'Conflict' | 'Invalid';
  page: { slug: string; title: string } | null;
  revision: { id: number } | null;
  conflict: EditConflictView | null;
  errors: FormError[];
}

export interface EditConflictView {
  yourText: string;
  mergedText: string;
  currentRevision: { id: number; body: string; createdAt: string; summary: string; author: { username: string; displayName: string } };
  parts: { mine: string; theirs: string; base: string }[];
}

const PAYLOAD = `outcome page { slug title } revision { id }
  conflict { yourText mergedText currentRevision { id body createdAt summary author { username displayName } } parts { mine theirs base } }
  errors { field message code }`;

export const CREATE_PAGE = `mutation CreatePage($input: CreatePageInput!) { createPage(input: $input) { ${PAYLOAD} } }`;
export const SAVE_PAGE = `mutation SavePage($input: SavePageInput!) { savePage(input: $input) { ${PAYLOAD} } }`;
export const REVERT_PAGE = `mutation RevertPage($input: RevertPageInput!) { revertPage(input: $input) { ${PAYLOAD} } }`;

/**
 * Runs a page mutation for a form action. Refusals (sign in, forbidden, suspended) are thrown as
 * pages; a rate limit comes back as a form-wide problem, so the person's text stays in the form.
 */
export async function pageMutation(context: AppLoadContext, request: Request, name: 'createPage' | 'savePage' | 'revertPage', source: string, input: Record<string, unknown>): Promise<PageEditAnswer> {
  try {
    const result = await mutate<Record<string, PageEditAnswer>>(context, source, { input }, { request });
    const payload = result[name];
    return { ...payload, errors: payload.errors.map(({ field, message }) => ({ field: field || null, message })) };
  } catch (error) {
    if (error instanceof TooManyRequests) {
      return { outcome: 'Invalid', page: null, revision: null, conflict: null, errors: [{ field: null, message: tooManyAttemptsMessage(error.retryAfterSeconds) }] };
    }
    throw error;
  }
}

/** Runs a moderator's page mutation (`PagePayload`): its errors, form-wide. */
export async function pageModeration(context: AppLoadContext, request: Request, source: string, name: string, input: Record<string, unknown>): Promise<FormError[]> {
  try {
    const result = await mutate<Record<string, { errors: { field: string | null; message: string }[] }>>(context, source, { input }, { request });
    return result[name].errors.map(({ field, message }) => ({ field: field || null, message }));
  } catch (error) {
    if (error instanceof TooManyRequests) return [{ field: null, message: tooManyAttemptsMessage(error.retryAfterSeconds) }];
    throw error;
  }
}
