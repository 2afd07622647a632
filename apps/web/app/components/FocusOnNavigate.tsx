import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After a client-side navigation to another page, moves focus to its main heading, as a full page
 * load would put a screen reader at the top of the new page: without this, focus stays on the link
 * that was followed (or falls to the body when that link is gone) and nothing says the page changed.
 * Addresses with a fragment (`#reply-12`) are left to the page, which focuses its target itself.
 */
export function FocusOnNavigate() {
  const { pathname, hash } = useLocation();
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (hash) return;
    const main = document.getElementById('main-content');
    const heading = main?.querySelector('h1');
    const target = heading ?? main;
    if (!target) return;
    if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    target.focus();
  }, [pathname]);
  return null;
}
