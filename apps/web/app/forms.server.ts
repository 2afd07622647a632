import type { TadaDocumentNode } from 'gql.tada';
import { randomUUID } from 'node:crypto';
import { data, type AppLoadContext } from 'react-router';
import { type FormError, type FormProblem, tooManyAttemptsMessage } from './forms';
import { mutate, TooManyRequests, type Refusal } from './load-context';
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

/** What every account mutation answers beside its own fields: the person, or what was wrong. */
interface AccountPayload {
  readonly user?: { readonly username: string } | null;
  readonly errors: readonly { readonly field: string | null; readonly message: string }[];
}

/**
 * Runs one of the account mutations (a static document answering `AccountPayload` or the like):
 * its user on success, or the problems to show, a rate limit included ("Too many attempts…",
 * form-wide). Other refusals are thrown.
 */
export async function accountMutation<Payload extends AccountPayload, Input>(
  context: AppLoadContext,
  request: Request,
  document: TadaDocumentNode<{ [name: string]: Payload }, { input: Input }>,
  input: Input,
): Promise<{ user: NonNullable<Payload['user']> | null; errors: FormError[] }> {
  try {
    const [payload] = Object.values(await mutate(context, document, { input }, { request }));
    return { user: payload?.user ?? null, errors: (payload?.errors ?? []).map(({ field, message }) => ({ field: field || null, message })) };
  } catch (error) {
    if (error instanceof TooManyRequests) return { user: null, errors: [{ field: null, message: tooManyAttemptsMessage(error.retryAfterSeconds) }] };
    throw error;
  }
}
