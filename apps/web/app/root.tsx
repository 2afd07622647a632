import type { ReactNode } from 'react';
import { isRouteErrorResponse, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteError } from 'react-router';
import stylesheet from './styles.css?url';

export const links = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB">
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
              Commonplace
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
                  <NavLink to="/wiki/reading-list">Reading list</NavLink>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <div className="width-container">
          <main id="main-content" tabIndex={-1} className="main">
            {children}
          </main>
        </div>
        <footer className="site-footer">
          <div className="width-container">
            <p>
              Commonplace rebuilds the 2008 masterclass wiki on making a sociotechnical approach the norm in NHS health IT.
            </p>
          </div>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return notFound ? <NotFoundPage /> : <ProblemPage />;
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
