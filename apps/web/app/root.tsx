import type { ReactNode } from 'react';
import {
  Form,
  type HeadersFunction,
  isRouteErrorResponse,
  Links,
  Meta,
  NavLink,
  Outlet,
  redirect,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
} from 'react-router';
import { CsrfField } from './components/CsrfField';
import { FocusOnNavigate } from './components/FocusOnNavigate';
import { NotificationsLink } from './live/NotificationsLink';
import { NotificationBanner } from './components/NotificationBanner';
import { UnavailablePage } from './components/UnavailablePage';
import { profilePath } from './components/UserLink';
import { openInPrivateMode } from '@commonplace/load-context';
import { query, type Refusal, signInPath } from './load-context';
import type { Route } from './+types/root';
import favicon from './favicon.svg';
import stylesheet from './styles.css?url';
import type { Unavailable } from './unavailable';
import { type RootData, useNonce, useRootData, type Viewer } from './viewer';
import { ViewerFields } from './fragments';
import { graphql } from './graphql';

export const links = () => [
  { rel: 'stylesheet', href: stylesheet },
  // Small enough that the build writes it into the page (a data: address): one request fewer.
  { rel: 'icon', href: favicon, type: 'image/svg+xml' },
];

const VIEWER_QUERY = graphql(`
  query Viewer {
    viewer { ...ViewerFields }
    unreadNotificationCount
    viewerLiveUpdatesPaused
    siteSettings { name private }
  }
`, [ViewerFields]);

/** Where a moderator or administrator who must set up two-step sign-in may still go. */
const WHILE_SETTING_UP_TWO_STEP = /^\/(account\/two-step|sign-out)\/?$/;

/** Who is signed in (for the header and the suspension banner) and the form token, on every page. */
export async function loader({ context, request }: Route.LoaderArgs): Promise<RootData> {
  const { viewer, unreadNotificationCount, viewerLiveUpdatesPaused, siteSettings } = await query(
    context,
    VIEWER_QUERY,
    {},
    // It concerns no page. Someone signed out is no one: their header depends on nothing in the
    // database. A signed-in person's comes from their own account row, read with the session for
    // every request (a page kept for their session is sent only while that row is the same), their
    // unread count (checked the same way) and the site's settings (whose changes are site-wide).
    { cacheable: false, concerns: () => [] },
  );
  // A private site: someone signed out goes to sign in. (The server sends page requests there before
  // they get here; this answers React Router's data requests, from a link followed on the sign-in page.)
  if (siteSettings.private && !viewer && !openInPrivateMode(new URL(request.url).pathname)) throw redirect(signInPath(request), 303);
  if (viewer?.mustSetUpTwoStep && !WHILE_SETTING_UP_TWO_STEP.test(new URL(request.url).pathname)) throw redirect('/account/two-step', 303);
  // Pages for people signed out are kept whole and shared (the server's FinishedPages), so they carry
  // no form token: the sign-in and registration forms, the only ones they have, bring their own.
  return {
    viewer,
    csrfToken: viewer ? context.csrfToken : '',
    unreadNotifications: unreadNotificationCount ?? 0,
    liveUpdatesPaused: viewerLiveUpdatesPaused,
    colourScheme: context.colourScheme,
    siteName: siteSettings.name,
    sitePrivate: siteSettings.private,
  };
}

/** An error page keeps the `Retry-After` its refusal carried (503 while the database is away, 429). */
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers();
  const retryAfter = errorHeaders?.get('Retry-After');
  if (retryAfter) headers.set('Retry-After', retryAfter);
  return headers;
};

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce() || undefined;
  const root = useRootData();
  const location = useLocation();
  const scheme = root?.colourScheme;
  return (
    <html lang="en-GB" data-scheme={scheme && scheme !== 'system' ? scheme : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main-content" className="skip-link">
          Skip to main content
        </a>
        <header className="site-header">
          <div className="width-container site-header__inner">
            <a href="/" className="site-header__name">
              {root?.siteName ?? 'Commonplace'}
            </a>
            <nav aria-label="Main" className="site-nav">
              <ul>
                <li>
                  <NavLink to="/" end>
                    Home
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/wiki/emerging-issues">Emerging issues</NavLink>
                </li>
                <li>
                  <NavLink to="/areas">Areas</NavLink>
                </li>
                <li>
                  <NavLink to="/wiki/reading-list">Reading list</NavLink>
                </li>
                <li>
                  <NavLink to="/recent">Recent changes</NavLink>
                </li>
                <li>
                  <NavLink to="/tags">Tags</NavLink>
                </li>
                <li>
                  <NavLink to="/pages/new">New page</NavLink>
                </li>
              </ul>
            </nav>
            <Form method="get" action="/search" role="search" aria-label="Site" className="site-search">
              <label htmlFor="site-search-q" className="visually-hidden">
                Search Commonplace
              </label>
              <input id="site-search-q" className="site-search__input" name="q" type="search" />
              <button type="submit" className="site-search__button">
                Search
              </button>
            </Form>
            {root ? <AccountNav viewer={root.viewer} unreadNotifications={root.unreadNotifications ?? 0} sitePrivate={root.sitePrivate ?? false} /> : null}
          </div>
        </header>
        <div className="width-container">
          <main id="main-content" tabIndex={-1} className="main">
            {root?.viewer?.suspended ? <SuspendedBanner reason={root.viewer.suspendedReason} /> : null}
            {children}
          </main>
        </div>
        <footer className="site-footer">
          <div className="width-container">
            <p>
              Commonplace rebuilds the 2008 masterclass wiki on making a sociotechnical approach the norm in NHS health IT.
            </p>
            <p>
              <a href={location.pathname === '/display' ? '/display' : `/display?returnTo=${encodeURIComponent(location.pathname + location.search)}`}>Display settings</a>{' '}
              (light or dark colours)
            </p>
          </div>
        </footer>
        <FocusOnNavigate />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Paths where "Sign in" should not offer to come back (the account forms themselves). */
const NO_RETURN = /^\/(sign-in|sign-out|register)(\/|$)/;

/**
 * The header's account links. Anonymous: "Sign in" (returning to this page) and "Create an account".
 * Signed in: who they are (to their profile), "Change password", "People" for administrators, and
 * "Sign out" as a button, since signing out changes something.
 */
function AccountNav({ viewer, unreadNotifications, sitePrivate }: { viewer: Viewer | null; unreadNotifications: number; sitePrivate: boolean }) {
  const location = useLocation();
  if (!viewer) {
    const here = location.pathname + location.search;
    const signIn = location.pathname === '/' || NO_RETURN.test(location.pathname) ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(here)}`;
    return (
      <nav aria-label="Account" className="account-nav">
        <ul>
          <li>
            <NavLink to={signIn}>Sign in</NavLink>
          </li>
          {/* A private site's accounts come by invitation only. */}
          {sitePrivate ? null : (
            <li>
              <NavLink to="/register">Create an account</NavLink>
            </li>
          )}
        </ul>
      </nav>
    );
  }
  return (
    <nav aria-label="Account" className="account-nav">
      <ul>
        <li>
          <NavLink to={profilePath(viewer.username)}>Signed in as {viewer.displayName}</NavLink>
        </li>
        <li>
          <NotificationsLink unread={unreadNotifications} />
        </li>
        <li>
          <NavLink to="/account" end>
            Your account
          </NavLink>
        </li>
        <li>
          <NavLink to="/account/password">Change password</NavLink>
        </li>
        {(viewer.role === 'Moderator' || viewer.role === 'Admin') && !viewer.suspended && !viewer.mustSetUpTwoStep ? (
          <li>
            <NavLink to="/moderation">Moderation</NavLink>
          </li>
        ) : null}
        {viewer.role === 'Admin' ? (
          <>
            <li>
              <NavLink to="/admin/users">People</NavLink>
            </li>
            <li>
              <NavLink to="/admin/invitations">Invite people</NavLink>
            </li>
            <li>
              <NavLink to="/admin/site">Site settings</NavLink>
            </li>
            <li>
              <NavLink to="/admin/export">Export the wiki</NavLink>
            </li>
            <li>
              <NavLink to="/admin/import">Import from MediaWiki</NavLink>
            </li>
          </>
        ) : null}
        <li>
          <Form method="post" action="/sign-out" className="account-nav__sign-out">
            <CsrfField />
            <button type="submit" className="link-button">
              Sign out
            </button>
          </Form>
        </li>
      </ul>
    </nav>
  );
}

function SuspendedBanner({ reason }: { reason: string | null }) {
  const why = (reason ?? '').trim().replace(/\.+$/, '');
  return (
    <NotificationBanner id="suspended-banner">
      <p className="notification-banner__heading">
        Your account is suspended{why ? `: ${why}` : ''}. You can still read everything, but you cannot post or edit.
      </p>
    </NotificationBanner>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return <NotFoundPage />;
    if (error.status === 403) {
      const refusal = (typeof error.data === 'object' && error.data ? error.data : {}) as Partial<Refusal>;
      if (refusal.reason === 'csrf') return <FormNotSentPage />;
      if (refusal.reason === 'suspended') return <SuspendedPage message={'message' in refusal ? refusal.message : undefined} />;
      return <ForbiddenPage />;
    }
    if (error.status === 429) return <TooManyRequestsPage />;
    if (error.status === 503) return <UnavailablePage sent={(error.data as Partial<Unavailable> | null)?.sent} />;
    if (error.status === 400) {
      const message = typeof error.data === 'object' && error.data && 'message' in error.data ? String(error.data.message) : null;
      return <BadAddressPage message={message} />;
    }
  }
  return <ProblemPage />;
}

function NotFoundPage() {
  return (
    <>
      <title>Page not found – Commonplace</title>
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct.</p>
      <p>If you pasted the web address, check you copied the entire address.</p>
      <p>You can:</p>
      <ul>
        <li>
          <a href="/">go to the home page</a>
        </li>
        <li>
          <a href="/wiki/emerging-issues">read the Emerging issues page</a>
        </li>
      </ul>
    </>
  );
}

/** A form whose token did not match: from another website, or a page open since before the token changed. */
function FormNotSentPage() {
  return (
    <>
      <title>This form could not be sent – Commonplace</title>
      <h1>This form could not be sent</h1>
      <p>Nothing was changed.</p>
      <p>
        This can happen when the form came from another website, or when the page was open for a long time, for example from before
        you last signed in or out.
      </p>
      <p>Go back, reload the page and try again. You may need to type your answers again.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}

function ForbiddenPage() {
  return (
    <>
      <title>You cannot do this – Commonplace</title>
      <h1>You cannot do this</h1>
      <p>Your account does not allow this. If you think it should, ask an administrator.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}

function SuspendedPage({ message }: { message?: string }) {
  return (
    <>
      <title>Your account is suspended – Commonplace</title>
      <h1>Your account is suspended</h1>
      {message ? <p>{message}</p> : null}
      <p>You can still read everything, but you cannot post, edit or change other people’s accounts. Nothing was changed.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}

function TooManyRequestsPage() {
  return (
    <>
      <title>Too many requests – Commonplace</title>
      <h1>Too many requests</h1>
      <p>There have been too many requests from you in a short time. Wait a few minutes, then try again.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}

/** An address the page cannot use (a comparison without two revisions, say): what to do instead. */
function BadAddressPage({ message }: { message: string | null }) {
  return (
    <>
      <title>This address is not complete – Commonplace</title>
      <h1>This address is not complete</h1>
      <p>{message ?? 'Part of the web address is missing or is not what this page expects.'}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}

function ProblemPage() {
  return (
    <>
      <title>Sorry, there is a problem – Commonplace</title>
      <h1>Sorry, there is a problem with the service</h1>
      <p>Try again later. Nothing you had saved has been lost.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}
