import type { ExecutionResult } from 'graphql';

/** What the server gives every React Router loader (see apps/web/app/load-context.ts, which mirrors it). */
export interface WebLoadContext {
  [key: string]: unknown;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult<T>>;
}
