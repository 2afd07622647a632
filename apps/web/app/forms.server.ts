import type { TadaDocumentNode } from 'gql.tada';
import { randomUUID } from 'node:crypto';
import { data, type AppLoadContext } from 'react-router';
import { type FormError, type FormProblem, tooManyAttemptsMessage } from './forms';
import { documentSource, mutate, TooManyRequests, type Refusal } from './load-context';
import { rememberForm } from './unavailable';

/**
 * The one way a route action reads its form: the body, then the `_csrf` field compared with this
 * browser's token (the double-submit value from its cookie). A missing or different token means the
 * form came from elsewhere or from a page kept open across a new token: a 403 the root error
 * boundary explains ("This form could not be sent").
 */
export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw csrfRefusal();
  }
  const sent = form.get('_csrf');
  if (typeof sent !== 'string' || !context.csrfToken || sent !== context.csrfToken) throw csrfRefusal();
  // Should the database be unreachable, the 503 page gives the person's text back from this.
  rememberForm(request, form);
  return form;
}

/**
 * A loader for the forms people who are not signed in can send (sign in, register): their pages
 * bring this browser's form token, which shared pages for people signed out do not carry.
 */
export function formToken({ context }: { context: AppLoadContext }): { csrfToken: string } {
  return { csrfToken: context.csrfToken };
}

function csrfRefusal() {
  return data({ reason: 'csrf' } satisfies Refusal, { status: 403 });
}

/** A text field's value as sent ('' when absent); passwords included, never trimmed here. */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The fields to send back to fill the form in again: never passwords. */
export function keep(form: FormData, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, field(form, name)]));
}

/** An action's answer when it could not do what was asked: status 400, errors, and what to refill. */
export function problem(errors: FormError[], values: Record<string, string>) {
  return data({ ok: false, errors, values, submission: randomUUID() } satisfies FormProblem, { status: 400 });
}

/**
 * Only same-site paths: one leading "/", no "//" or "/\" (other hosts), no control characters.
 * Anything else (or nothing) gives `fallback`.
 */
export function safeReturnTo(value: string | null | undefined, fallback: string): string {
  if (!value || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- an address with control characters is refused
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const base = 'https://commonplace.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    // Dot segments and encoded dots collapse while the URL is parsed: "/.//evil.example" and
    // "/a/..//evil.example" become the path "//evil.example", which a browser reads as another host.
    if (url.pathname.startsWith('//') || url.pathname.startsWith('/\\')) return fallback;
    // Going back to the account forms themselves would only show them again.
    if (/^\/(sign-in|sign-out|register)(\/|$)/.test(url.pathname)) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** A problem as every mutation payload reports it (`errors { field message code }`). */
interface UserError {
  readonly field: string | null;
  readonly message: string;
  readonly code?: string | null;
}

/** What every mutation a form sends answers beside its own fields. */
export interface MutationPayload {
  readonly errors: readonly UserError[];
}

/**
 * What a form's mutation came to. `ok`: done, with its payload. Otherwise the problems to show at
 * the form's fields (`field` null for the whole form), the payload when the server answered one (a
 * page edit's conflict, say), and `retryAfterSeconds` when the refusal was a rate limit.
 */
export type FormMutation<Payload> =
  | { ok: true; payload: Payload; errors: []; retryAfterSeconds: null }
  | { ok: false; payload: Payload | null; errors: FormError[]; retryAfterSeconds: number | null };

/**
 * The one path from a form action to a mutation: runs a static one-field document (its payload
 * carrying `errors { field message code }`) as the person who sent the form. Problems with what
 * was sent come back for the form to show by its fields, and so does a rate limit ("Too many
 * attempts. Try again in N minutes.", form-wide), so the person's text stays in the form. The
 * other refusals are pages, thrown as `mutate` throws them: someone signed out is sent to sign in
 * and back, a suspended account or a forbidden act gets the 403 page saying so, an unreachable
 * database the 503 page with the form's text.
 */
export async function formMutation<Payload extends MutationPayload, Variables>(
  context: AppLoadContext,
  request: Request,
  document: TadaDocumentNode<{ [name: string]: Payload | null }, Variables>,
  variables: Variables,
): Promise<FormMutation<Payload>> {
  let answer: { [name: string]: Payload | null };
  try {
    answer = await mutate(context, document, variables, { request });
  } catch (error) {
    if (!(error instanceof TooManyRequests)) throw error;
    const retryAfterSeconds = error.retryAfterSeconds;
    return { ok: false, payload: null, errors: [{ field: null, message: tooManyAttemptsMessage(retryAfterSeconds) }], retryAfterSeconds };
  }
  const [payload] = Object.values(answer);
  // The schema's payloads are never null when there were no GraphQL errors; should one be, it is our fault.
  if (!payload) {
    console.error('A mutation answered no payload and no errors:', documentSource(document).slice(0, 80));
    throw data('Something went wrong on our side.', { status: 500 });
  }
  if (payload.errors.length === 0) return { ok: true, payload, errors: [], retryAfterSeconds: null };
  const errors = payload.errors.map(({ field, message }) => ({ field: field || null, message }));
  return { ok: false, payload, errors, retryAfterSeconds: null };
}

/** A whole number from a form field, or null. */
export function intField(value: string): number | null {
  const number = Number(value.trim());
  return value.trim() !== '' && Number.isInteger(number) ? number : null;
}
