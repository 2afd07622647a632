import { data, Form, redirect, useLocation } from 'react-router';
import { Pagination } from '../components/Pagination';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { formatDateTime } from '../format';
import { field, formMutation, readForm } from '../forms.server';
import { query, tooManyRequestsPage } from '../load-context';
import { useRootData } from '../viewer';
import type { Route } from './+types/notifications';
import { graphql, type ResultOf } from '../graphql';

const PER_PAGE = 25;

const COUNT = graphql(`query NotificationCount { unreadNotificationCount }`);
const NOTIFICATIONS = graphql(`
  query Notifications($first: Int!, $after: String) {
    notifications(first: $first, after: $after) {
      totalCount
      unreadCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind unread createdAt threadId threadSubject replyId pageSlug pageTitle revisionId actor { username displayName } } }
    }
  }
`);
const MARK = graphql(`mutation MarkNotificationRead($input: MarkNotificationReadInput!) { markNotificationRead(input: $input) { unreadCount errors { field message code } } }`);
const MARK_ALL = graphql(`mutation MarkAllNotificationsRead { markAllNotificationsRead { unreadCount errors { field message code } } }`);

type NotificationView = NonNullable<ResultOf<typeof NOTIFICATIONS>['notifications']>['edges'][number]['node'];

export async function loader({ request, context }: Route.LoaderArgs) {
  const { unreadNotificationCount } = await query(context, COUNT, {}, { cacheable: false });
  if (unreadNotificationCount === null) return { signedOut: true as const };
  const after = new URL(request.url).searchParams.get('after');
  const { notifications } = await query(context, NOTIFICATIONS, { first: PER_PAGE, after: after || null }, { cacheable: false, request }).catch((error) => {
    // A mangled cursor: start again from the newest.
    if (after) throw redirect('/notifications', 303);
    throw error;
  });
  return { signedOut: false as const, notifications, paged: Boolean(after) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const back = new URL(request.url).search;
  const readAll = field(form, 'intent') === 'read-all';
  const notificationId = field(form, 'notificationId');
  const done = readAll ? await formMutation(context, request, MARK_ALL, {}) : await formMutation(context, request, MARK, { input: { notificationId } });
  // These buttons have no fields to show a problem at: a rate limit is the "Too many requests" page.
  if (done.retryAfterSeconds !== null) throw tooManyRequestsPage(done.retryAfterSeconds);
  // Marking all read has nothing to get wrong; one notification may be gone (or someone else's).
  if (!done.ok && !readAll) throw data(done.errors[0].message, { status: 404 });
  return redirect(readAll ? `/notifications${back}` : `/notifications${back}#notification-${notificationId}`, 303);
}

/** "hadleyac replied in ‘Subject’": what happened, in words, without the links. */
function summary(n: NotificationView): string {
  if (n.kind === 'Reply') return `${n.actor.displayName} replied in ‘${n.threadSubject}’`;
  if (n.kind === 'Mention') return `${n.actor.displayName} mentioned you in ‘${n.threadSubject}’`;
  if (n.kind === 'NewThread') return `${n.actor.displayName} started the thread ‘${n.threadSubject}’ on ${n.pageTitle}`;
  return `${n.actor.displayName} edited the page ‘${n.pageTitle}’`;
}

function What({ n }: { n: NotificationView }) {
  if (n.kind === 'Reply') {
    return (
      <>
        {n.actor.displayName} <a href={`/threads/${n.threadId}#reply-${n.replyId}`}>replied in ‘{n.threadSubject}’</a>
      </>
    );
  }
  if (n.kind === 'Mention') {
    return (
      <>
        {n.actor.displayName} <a href={`/threads/${n.threadId}${n.replyId ? `#reply-${n.replyId}` : ''}`}>mentioned you in ‘{n.threadSubject}’</a>
      </>
    );
  }
  if (n.kind === 'NewThread') {
    return (
      <>
        {n.actor.displayName} started the thread <a href={`/threads/${n.threadId}`}>‘{n.threadSubject}’</a> on{' '}
        <a href={`/wiki/${n.pageSlug}`}>{n.pageTitle}</a>
      </>
    );
  }
  return (
    <>
      {n.actor.displayName} edited the page <a href={`/wiki/${n.pageSlug}`}>‘{n.pageTitle}’</a> (
      <a href={`/wiki/${n.pageSlug}/revisions/${n.revisionId}`}>see this revision</a>)
    </>
  );
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const loaded = loaderData;
  const location = useLocation();
  // Suspended people can read their notifications but not change anything, so no buttons.
  const canMark = !useRootData()?.viewer?.suspended;
  if (loaded.signedOut) {
    return (
      <>
        <title>Notifications – Commonplace</title>
        <h1>Notifications</h1>
        <p>
          <a href={`/sign-in?returnTo=${encodeURIComponent('/notifications')}`}>Sign in to see your notifications</a>.
        </p>
      </>
    );
  }
  const { notifications, paged } = loaded;
  const nodes = notifications.edges.map((edge) => edge.node);
  // Each "Mark as read" button says which notification it is about; a repeat gets a number.
  const seen = new Map<string, number>();
  const names = nodes.map((n) => {
    const base = `${summary(n)}, ${formatDateTime(n.createdAt)}`;
    const times = (seen.get(base) ?? 0) + 1;
    seen.set(base, times);
    return times === 1 ? base : `${base} (${times})`;
  });
  return (
    <>
      <title>Notifications – Commonplace</title>
      <h1>Notifications</h1>
      <p>
        {notifications.unreadCount === 0 ? 'You have no unread notifications.' : `You have ${notifications.unreadCount} unread ${notifications.unreadCount === 1 ? 'notification' : 'notifications'}.`}{' '}
        You are told about what you watch: use the “Watch” buttons on threads, pages and areas.{' '}
        <a href="/account/notifications">Change your notification settings</a>
      </p>
      {canMark && notifications.unreadCount > 0 ? (
        <Form method="post" action={`/notifications${location.search}`} className="notifications__all">
          <CsrfField />
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="button button--secondary">
            Mark all as read
          </button>
        </Form>
      ) : null}
      {nodes.length === 0 ? (
        <p>{paged ? 'There are no older notifications.' : 'You have no notifications yet.'}</p>
      ) : (
        <ol className="notification-list" aria-label="Your notifications, newest first">
          {nodes.map((n, index) => (
            <li key={n.id} id={`notification-${n.id}`} className={`notification-list__item${n.unread ? ' notification-list__item--unread' : ''}`}>
              <p className="notification-list__what">
                {n.unread ? <strong className="tag">Unread</strong> : <span className="visually-hidden">Read: </span>} <What n={n} />
              </p>
              <p className="hint">
                <DateTime iso={n.createdAt} />
              </p>
              {canMark && n.unread ? (
                <Form method="post" action={`/notifications${location.search}`}>
                  <CsrfField />
                  <input type="hidden" name="notificationId" value={n.id} />
                  {/* The visible words start the accessible name (WCAG 2.5.3); the rest makes it unique. */}
                  <button type="submit" className="button button--secondary button--small" aria-label={`Mark as read: ${names[index]}`}>
                    Mark as read
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <Pagination
        label="Notification pages"
        items={[
          paged && { href: '/notifications', text: 'Newest notifications' },
          notifications.pageInfo.hasNextPage && { href: `/notifications?after=${encodeURIComponent(notifications.pageInfo.endCursor ?? '')}`, text: 'Older notifications' },
        ]}
      />
    </>
  );
}
