import type { ExecutionResult } from 'graphql';
import { data } from 'react-router';

/** What the server passes every loader (apps/server/src/web/load-context.ts builds it). */
declare module 'react-router' {
  interface AppLoadContext {
    graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult<T>>;
  }
}

/** Runs a query in the server process; a GraphQL error becomes a 500 page, never partial data. */
export async function query<T>(
  context: { graphql: (query: string, variables?: Record<string, unknown>) => Promise<ExecutionResult<unknown>> },
  source: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const result = await context.graphql(source, variables);
  if (result.errors?.length) {
    console.error('GraphQL errors in a page loader:', result.errors.map((error) => error.message).join('; '));
    throw data('Something went wrong on our side.', { status: 500 });
  }
  return result.data as T;
}

export function notFound(): never {
  throw data('Page not found', { status: 404 });
}
