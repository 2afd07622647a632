import { hydrate, type ComponentChild } from 'preact';
import { createRootFragment } from 'preact-root-fragment';
import { HydratedRouter } from 'react-router/dom';

/*
 * The browser runs Preact (through preact/compat) in React's place: vite.config.ts redirects React's
 * imports in the client build, so this entry hydrates React's server HTML with Preact itself.
 */

/**
 * HydratedRouter renders the whole document, <html> included. Preact renders into an element (given
 * the document it uses <html> as the container and would put a second <html> inside it), so it is
 * given a stand-in parent whose one child is the page's <html>.
 */
function hydrateDocument(): void {
  withHeadRenderedAnew(() => hydrate((<HydratedRouter />) as ComponentChild, createRootFragment(document, document.documentElement)));
}

/**
 * React's server renderer moves every <title>, <meta> and <link> (other than a plain stylesheet)
 * into <head>, ahead of the head's own children, wherever the tree renders it: a route's meta
 * links before the stylesheets, the scripts' modulepreload links out of <body>. React's hydration
 * knows to look for them there; Preact's matches elements by tag name in order, and would take
 * the feed link for the stylesheet and drop a stylesheet as left over. So Preact is shown an empty
 * <head> and renders its children anew, and the server's copies are taken out: each stylesheet
 * only once its new copy has loaded (from the memory cache), so the page is never without its
 * styles; if the copy fails, the server's stays.
 */
function withHeadRenderedAnew(hydrate: () => void): void {
  const head = document.head;
  const served = [...head.children];
  Object.defineProperty(head, 'childNodes', { configurable: true, get: () => [] });
  try {
    hydrate();
  } finally {
    delete (head as { childNodes?: unknown }).childNodes;
  }
  const rendered = [...head.children].filter((element) => !served.includes(element));
  for (const element of served) {
    const copy = element instanceof HTMLLinkElement && element.rel === 'stylesheet' ? rendered.find((other) => other instanceof HTMLLinkElement && other.rel === 'stylesheet' && other.href === element.href) : undefined;
    if (copy instanceof HTMLLinkElement && !copy.sheet) copy.addEventListener('load', () => element.remove(), { once: true });
    else element.remove();
  }
}

/**
 * HydratedRouter's first render suspends while it decodes the data the server sent with the page;
 * React waits and hydrates afterwards, but Preact cannot resume a suspended hydration at the top
 * of the document. Calling it once outside any tree starts the decoding and throws the promise to
 * wait for; its real first render then finds the data ready.
 */
async function serverDataDecoded(): Promise<void> {
  try {
    HydratedRouter({});
  } catch (thrown) {
    if (typeof (thrown as PromiseLike<unknown> | null)?.then === 'function') await thrown;
    // Anything else is thrown again by the real render, where error boundaries see it.
  }
}

/**
 * The page's route-modules script imports this chunk (it holds the framework the routes import)
 * before it names the route modules HydratedRouter reads, and Preact renders at once where React
 * waits for a later task: start once that script has run and the document is parsed.
 */
function whenDocumentReady(run: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else queueMicrotask(run);
}

whenDocumentReady(() => void serverDataDecoded().then(hydrateDocument));
