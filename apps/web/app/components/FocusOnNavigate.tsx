import { useEffect, useRef } from 'react';
import { useLocation, useNavigation } from 'react-router';

/**
 * After a client-side navigation to another page, moves focus to its main heading, as a full page
 * load would put a screen reader at the top of the new page: without this, focus stays on the link
 * that was followed (or falls to the body when that link is gone) and nothing says the page changed.
 * A page that moved focus itself on arrival (a "page created" banner, a new reply) keeps it, and
 * addresses with a fragment (`#reply-12`) are left to the page.
 */
export function FocusOnNavigate() {
  const { pathname, hash } = useLocation();
  const navigation = useNavigation();
  const firstRender = useRef(true);
  /** What had focus while the navigation was under way: the link followed or the button pressed. */
  const focusedBefore = useRef<Element | null>(null);
  if (navigation.state !== 'idle' && typeof document !== 'undefined') focusedBefore.current = document.activeElement;

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (hash) return;
    const active = document.activeElement;
    const pageMovedFocus = active && active !== document.body && active !== focusedBefore.current;
    if (pageMovedFocus) return;
    const main = document.getElementById('main-content');
    const heading = main?.querySelector('h1');
    const target = heading ?? main;
    if (!target) return;
    if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    target.focus();
    // Only a new page moves focus: a fragment changing on the same page (`hash`) is the page's own business.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathname]);
  return null;
}
