import type { WebLoadContext as Contract } from '@commonplace/load-context';

/**
 * What the server gives every React Router loader: the contract shared with the web client, and the
 * index signature React Router's AppLoadContext asks for.
 */
export interface WebLoadContext extends Contract {
  [key: string]: unknown;
}
