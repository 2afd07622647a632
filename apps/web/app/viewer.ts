import type { ColourScheme } from '@commonplace/load-context';
import { createContext, useContext } from 'react';
import { useRouteLoaderData } from 'react-router';
import type { Viewer } from './fragments';

export type { Viewer };

/** What the root loader gives every page. */
export interface RootData {
  viewer: Viewer | null;
  csrfToken: string;
  /** How many of the viewer's notifications are unread (0 when signed out). */
  unreadNotifications?: number;
  /** "Pause live updates" as the signed-in viewer left it; null when signed out (the browser keeps it). */
  liveUpdatesPaused?: boolean | null;
  /** The colour scheme the page is drawn in ("Display settings"). */
  colourScheme?: ColourScheme;
  /** The site's name (site settings), for the header. */
  siteName?: string;
  /** Whether the site is private: no "Create an account" for people signed out. */
  sitePrivate?: boolean;
}

/**
 * The root loader's data, or undefined when it did not run (the root error boundary after a
 * refused form, say): callers then show nothing that depends on who is signed in.
 */
export function useRootData(): RootData | undefined {
  return useRouteLoaderData('root') as RootData | undefined;
}

/**
 * This response's CSP nonce, provided by entry.server.tsx while rendering on the server. In the
 * browser it is '' (browsers hide nonces from the page, so '' is also what hydration finds).
 */
export const NonceContext = createContext('');

export function useNonce(): string {
  return useContext(NonceContext);
}
