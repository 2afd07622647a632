import { useMatches } from 'react-router';

/**
 * The hidden `_csrf` field every form sends, so its action knows the form came from this site. The
 * token is in the root's data for people signed in; pages for people signed out are shared and
 * carry none, except the forms they can use (sign in, register), whose loaders bring it.
 */
export function CsrfField() {
  const matches = useMatches();
  const token = matches.map((match) => (match.data as { csrfToken?: unknown } | undefined)?.csrfToken).find((value): value is string => typeof value === 'string' && value !== '');
  return <input type="hidden" name="_csrf" value={token ?? ''} />;
}
