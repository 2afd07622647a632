import type { ExecutionResult } from 'graphql';
import type { ExecuteOptions } from '../graphql/graphql-executor.service';

/** What the server gives every React Router loader (see apps/web/app/load-context.ts, which mirrors it). */
export interface WebLoadContext {
  [key: string]: unknown;
  /** Runs GraphQL in-process as the request's viewer; queries are read-cached unless `cacheable: false`. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: ExecuteOptions): Promise<ExecutionResult<T>>;
  /** The double-submit token every form must send back as `_csrf`. */
  csrfToken: string;
  /** This response's CSP nonce, for React Router's inline scripts. */
  nonce: string;
}
