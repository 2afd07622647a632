import type { ReadOptions, WebLoadContext } from '@commonplace/load-context';
import type { TadaDocumentNode } from 'gql.tada';
import { type DocumentNode, type ExecutionResult, type GraphQLFormattedError, print } from 'graphql';
import { data, redirect } from 'react-router';
import { unavailable } from './unavailable';

/** How a read may be kept by the server's read cache (the contract shared with the server). */
export type GraphqlOptions = ReadOptions;

/** What the server passes every loader and action (apps/server/src/web/web-client.ts builds it). */
declare module 'react-router' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the shared contract is the whole of it
  interface AppLoadContext extends WebLoadContext {}
}

type GraphqlContext = {
  graphql: (query: string, variables?: Record<string, unknown>, options?: GraphqlOptions) => Promise<ExecutionResult<unknown>>;
};

export interface QueryOptions<T = unknown> extends Omit<GraphqlOptions, 'concerns'> {
  /** See GraphqlOptions: the pages (ids) this result concerns, read from the result. */
  concerns?: (data: T) => readonly number[] | null;
  /** The request being answered: a refusal for someone signed out sends them to sign in, then back here. */
  request?: Request;
}

/** What a 403 page says, read by the root error boundary. */
export type Refusal = { reason: 'csrf' } | { reason: 'forbidden' } | { reason: 'suspended'; message: string };

/** The server refused for too many attempts; forms say "Too many attempts. Try again in N minutes." */
export class TooManyRequests extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry after ${retryAfterSeconds} s`);
  }
}

/** The "Too many requests" page (429), for a read, or a form with nowhere of its own to say so. */
export function tooManyRequestsPage(retryAfterSeconds: number) {
  return data('Too many requests', { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } });
}

const printed = new WeakMap<DocumentNode, string>();

/**
 * The document's text for the server's executor, printed once per document: the executor keeps
 * parsed documents and cached results by this text, so it must be the same string every time.
 */
export function documentSource(document: DocumentNode): string {
  let source = printed.get(document);
  if (source === undefined) {
    source = print(document);
    printed.set(document, source);
  }
  return source;
}

/**
 * Runs a query in the server process. A refusal becomes what it means (sign in, 403); any other
 * GraphQL error becomes a 500 page, never partial data.
 */
export async function query<T, V>(context: GraphqlContext, document: TadaDocumentNode<T, V>, variables?: V, options: QueryOptions<NoInfer<T>> = {}): Promise<T> {
  const { request, concerns, ...graphqlOptions } = options;
  const result = await context.graphql(documentSource(document), (variables ?? {}) as Record<string, unknown>, { ...graphqlOptions, ...(concerns ? { concerns: (data: unknown) => concerns(data as T) } : {}) });
  if (result.errors?.length) {
    const refused = refusal(result.errors, request);
    if (refused instanceof TooManyRequests) throw tooManyRequestsPage(refused.retryAfterSeconds);
    throw refused;
  }
  return result.data as T;
}

/**
 * Runs a query and answers its result as it is, errors included, for a loader that has a better
 * answer to some errors than an error page (a stale cursor, say).
 */
export async function attempt<T, V>(context: GraphqlContext, document: TadaDocumentNode<T, V>, variables?: V): Promise<ExecutionResult<T>> {
  return (await context.graphql(documentSource(document), (variables ?? {}) as Record<string, unknown>)) as ExecutionResult<T>;
}

/**
 * Runs a mutation (never from the cache) and returns its data. Throws what a refusal means: a
 * redirect to sign in, a 403 page, a 500 page, or `TooManyRequests` (forms.server.ts's formMutation
 * turns it into the form's "Too many attempts").
 */
export async function mutate<T, V>(context: GraphqlContext, document: TadaDocumentNode<T, V>, variables?: V, options: { request?: Request } = {}): Promise<T> {
  const result = await context.graphql(documentSource(document), (variables ?? {}) as Record<string, unknown>, { cacheable: false });
  if (result.errors?.length) throw refusal(result.errors, options.request);
  return result.data as T;
}

/** What GraphQL errors mean for a page: the first refusal code decides; anything else is our fault. */
export function refusal(errors: readonly GraphQLFormattedError[], request?: Request): Response | ReturnType<typeof data> | TooManyRequests {
  for (const error of errors) {
    const code = error.extensions?.code;
    switch (code) {
      case 'UNAUTHENTICATED':
        return redirect(signInPath(request), 303);
      case 'FORBIDDEN':
        return forbidden();
      case 'TWO_STEP_SETUP_REQUIRED':
        // A moderator or administrator on a site that requires two-step sign-in, without it yet.
        return redirect('/account/two-step', 303);
      case 'ACCOUNT_SUSPENDED':
        return data({ reason: 'suspended', message: error.message } satisfies Refusal, { status: 403 });
      case 'SERVICE_UNAVAILABLE':
        return unavailable(request);
      case 'TOO_MANY_REQUESTS': {
        const seconds = Number(error.extensions?.retryAfterSeconds);
        return new TooManyRequests(Number.isFinite(seconds) && seconds > 0 ? seconds : 60);
      }
    }
  }
  console.error('GraphQL errors in a page loader or action:', errors.map((error) => error.message).join('; '));
  return data('Something went wrong on our side.', { status: 500 });
}

/** "/sign-in?returnTo=/where/they/were" (no returnTo when there is nowhere useful to return to). */
export function signInPath(request?: Request): string {
  if (!request) return '/sign-in';
  const url = new URL(request.url);
  const here = url.pathname + url.search;
  return here === '/' || url.pathname === '/sign-in' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(here)}`;
}

export function notFound(): never {
  throw data('Page not found', { status: 404 });
}

/** A 403 "You cannot do this" page. */
export function forbidden(): ReturnType<typeof data> {
  return data({ reason: 'forbidden' } satisfies Refusal, { status: 403 });
}
