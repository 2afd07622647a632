import { useRootData } from '../viewer';

/** The hidden `_csrf` field every form sends, so its action knows the form came from this site. */
export function CsrfField() {
  const token = useRootData()?.csrfToken ?? '';
  return <input type="hidden" name="_csrf" value={token} />;
}
