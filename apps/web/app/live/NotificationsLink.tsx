import { useEffect, useRef, useState } from 'react';
import { NavLink } from 'react-router';
import { connectWhenIdle } from './connect';

/** Several changes close together (a burst of replies) make one request for the count. */
const SETTLE_MS = 500;

/**
 * The header's "Notifications (3 unread)" link. With scripts, the count keeps up without a reload:
 * the server tells this person's own socket.io room when their notifications change, and the link
 * asks for the new count. It is not announced (it is not what the reader is doing); the link's
 * name says the count whenever someone reaches it.
 */
export function NotificationsLink({ unread }: { unread: number }) {
  const [count, setCount] = useState(unread);
  // Fresh page data (a navigation, a form sent) brings the count too.
  useEffect(() => setCount(unread), [unread]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    const refresh = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        void import('./live-documents')
          .then(({ sendLive, UNREAD_NOTIFICATIONS }) => sendLive(UNREAD_NOTIFICATIONS, {}))
          .then((data) => {
            if (!stopped && typeof data?.unreadNotificationCount === 'number') setCount(data.unreadNotificationCount);
          })
          .catch(() => undefined);
      }, SETTLE_MS);
    };
    // A connection of its own: a page's live updates close theirs when the reader moves on.
    const disconnect = connectWhenIdle({ forceNew: true }, (socket) => {
      socket.on('notifications:changed', refresh);
      // After a drop, changes may have been missed.
      socket.io.on('reconnect', refresh);
    });
    return () => {
      stopped = true;
      clearTimeout(timer.current);
      disconnect();
    };
  }, []);

  return <NavLink to="/notifications">{`Notifications (${count} unread)`}</NavLink>;
}
