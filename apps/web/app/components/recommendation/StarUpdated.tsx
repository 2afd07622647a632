import { useLocation, useSearchParams } from 'react-router';
import { NotificationBanner } from '../NotificationBanner';

/** What the page says after a star form was done, by the word the action put in the address (`?updated=`). */
const UPDATED: Record<string, string> = {
  starred: 'You marked this recommendation as a realistic mechanism.',
  withdrawn: 'Your mark has been withdrawn.',
  removed: 'The mark has been removed. The reason is in the history and the moderation log.',
};

export function StarUpdated() {
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const updated = searchParams.get('updated');
  if (!updated || !Object.hasOwn(UPDATED, updated)) return null;
  // A new banner for each act (keyed by the navigation), so it takes focus again after the button used has gone.
  return (
    <NotificationBanner key={location.key} id="star-updated" title="Success" success>
      <p className="notification-banner__heading">{UPDATED[updated]}</p>
    </NotificationBanner>
  );
}
