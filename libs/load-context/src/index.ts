import type { ExecutionResult } from 'graphql';

/**
 * The contract between the server and the web client's loaders and actions: what the server
 * (apps/server/src/web/web-client.ts) gives every one of them, written once for both sides.
 */

/** How a loader's GraphQL read may be kept by the server's read cache. */
export interface ReadOptions {
  /**
   * The result may be served from the read cache until data changes. Results are cached per viewer
   * (people signed out share one entry), and only for queries, never mutations. Pass false for
   * anything about the viewer (viewer, users, profiles).
   */
  cacheable?: boolean;
  /**
   * The wiki pages (ids) the result concerns, when it shows nothing but what those pages' own views
   * show (as the change notifications define it, migration ScopedDataChanges), or null. A result
   * that concerns pages stays cached, with the finished page, until one of them (or the whole site)
   * changes; any other, until anything changes.
   */
  concerns?(data: unknown): readonly number[] | null;
}

/** What every loader and action gets as its `context`. */
export interface WebLoadContext {
  /** Runs GraphQL in-process as the request's viewer, against the schema `/graphql` serves. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: ReadOptions): Promise<ExecutionResult<T>>;
  /** The double-submit token (also in a cookie) that every form sends back as `_csrf`: every visitor has one, signed in or not (signing in is a form too). */
  csrfToken: string;
  /** Whether the request comes from someone signed in: what only they see (unread counts, say) is asked for only then. */
  signedIn: boolean;
  /** This response's Content-Security-Policy nonce, for React Router's own inline scripts. */
  nonce: string;
  /** The colour scheme this page is drawn in: the signed-in person's own, or the browser's cookie's. */
  colourScheme: ColourScheme;
}

/**
 * A reader's colour scheme ("Display settings"): their system's light or dark (the default), or
 * one of the two whatever the system says. Kept on the account when signed in, and in a cookie
 * for this browser either way (so it works signed out, and without scripts).
 */
export type ColourScheme = 'system' | 'light' | 'dark';
export const COLOUR_SCHEMES: readonly ColourScheme[] = ['system', 'light', 'dark'];
/** Not HTTP-only: nothing secret, and no script reads it either; a year, like any display setting. */
export const COLOUR_SCHEME_COOKIE = 'commonplace_scheme';
export const COLOUR_SCHEME_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/** The scheme a cookie's value names; anything else (absent, tampered) is the system's. */
export function colourSchemeFrom(value: string | null | undefined): ColourScheme {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/**
 * The pages someone signed out may open while the site is private: signing in and what leads to
 * it (the two-step code, registering with an invitation, password reset, confirming an address,
 * first-run set-up, display settings), and `/account/deleted`, where deleting an account ends, already
 * signed out (it says only that the account is gone). Every other page sends them to sign in, and feeds and exports answer 401.
 */
const OPEN_IN_PRIVATE_MODE = new Set([
  '/sign-in',
  '/sign-in/code',
  '/sign-out',
  '/register',
  '/forgot-password',
  '/reset-password',
  '/confirm-email',
  '/setup',
  '/display',
  '/account/deleted',
]);

/** Whether someone signed out may open this path (a page's, or its `.data` request's) on a private site. */
export function openInPrivateMode(pathname: string): boolean {
  const path = pathname.endsWith('.data') ? pathname.slice(0, -'.data'.length) : pathname;
  return OPEN_IN_PRIVATE_MODE.has(path.replace(/\/+$/, '') || '/');
}
