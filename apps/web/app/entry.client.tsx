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
  removeHoistedElements();
  hydrate((<HydratedRouter />) as ComponentChild, createRootFragment(document, document.documentElement));
}

/**
 * React's server renderer moves every <title>, <meta> and <link> (other than a plain stylesheet)
 * into <head>, ahead of the head's own children, wherever the tree renders it: the route's links
 * before the stylesheet, the scripts' modulepreload links out of <body>. React's hydration knows
 * to look for them there; Preact's matches elements by position and would take, say, the icon
 * link for the stylesheet and drop the stylesheet as left over. So they are taken out and Preact
 * renders them again where the tree has them; the stylesheets, in place on both sides, stay put
 * and are never reloaded.
 */
function removeHoistedElements(): void {
  for (const element of document.head.querySelectorAll('title, meta, link:not([rel="stylesheet"]), link[data-precedence]')) element.remove();
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
