import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import type { AppLoadContext } from 'react-router';

/**
 * A load context for unit tests of actions: its GraphQL answers `answer` to every request and
 * remembers what was sent (the query, variables and options), so a test can check what reached the
 * server, or that nothing did.
 */
export function contextAnswering(answer: { data?: unknown; errors?: readonly GraphQLFormattedError[] }) {
  const sent: { query: string; variables: unknown; options: unknown }[] = [];
  const context: AppLoadContext = {
    csrfToken: 'token',
    signedIn: true,
    nonce: 'nonce',
    colourScheme: 'system',
    async graphql<T>(query: string, variables?: Record<string, unknown>, options?: unknown): Promise<ExecutionResult<T>> {
      sent.push({ query, variables, options });
      // As the server's executor answers: errors in the formatted shape they reach a loader in.
      return answer as ExecutionResult<T>;
    },
  };
  return { context, sent };
}

/** A form as a browser sends it. */
export function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

/** What a call threw (a redirect Response, or react-router's `data()` for an error page). */
export async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}
