import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The GOV.UK notification banner: a labelled region with a title ("Important") and a message.
 * `success` banners confirm what a form just did: they are announced (role="alert") and take focus
 * when they appear, since the control that was used may no longer be there.
 */
export function NotificationBanner({
  id,
  title = 'Important',
  success = false,
  children,
}: {
  id: string;
  title?: string;
  success?: boolean;
  children: ReactNode;
}) {
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (success) banner.current?.focus();
  }, [success]);
  const titleId = `${id}-title`;
  return (
    <div
      id={id}
      ref={banner}
      className={`notification-banner${success ? ' notification-banner--success' : ''}`}
      role={success ? 'alert' : 'region'}
      aria-labelledby={titleId}
      tabIndex={success ? -1 : undefined}
    >
      <div className="notification-banner__header">
        <h2 className="notification-banner__title" id={titleId}>
          {title}
        </h2>
      </div>
      <div className="notification-banner__content">{children}</div>
    </div>
  );
}
