import type { MetaFunction } from 'react-router';
import { DateTime } from '../components/DateTime';
import { MarkAllRead } from '../components/MarkAllRead';
import { PersonName } from '../components/UserLink';
import { count } from '../format';
import { query } from '../load-context';
import { withUnreadCounts } from '../unread.server';
import type { Route } from './+types/home';
import { graphql } from '../graphql';

const HOME_QUERY = graphql(`
  query HomePage {
    page(slug: "home") { parts { kind html } }
    areas { id slug title recommendationCount }
    featuredPages { slug title }
    recentThreads(limit: 5) {
      id subject replyCount lastPostAt
      lastPostBy { username displayName }
      page { slug title }
    }
  }
`);

export async function loader({ context, request }: Route.LoaderArgs) {
  const home = await query(context, HOME_QUERY);
  // "2 unread" per thread, signed in only: asked apart, so the home page's own read stays shared and cached.
  return { ...home, recentThreads: await withUnreadCounts(context, request, home.recentThreads) };
}

export const meta: MetaFunction = () => [{ title: 'Commonplace – the masterclass wiki' }];

export default function Home({ loaderData }: Route.ComponentProps) {
  const { page, areas, featuredPages, recentThreads } = loaderData;
  return (
    <>
      <h1>Commonplace</h1>
      {page?.parts
        .filter((part) => part.html)
        .map((part, index) => <div key={index} className="prose" dangerouslySetInnerHTML={{ __html: part.html! }} />)}
      <section aria-labelledby="areas-heading">
        <h2 id="areas-heading">Recommendation areas</h2>
        <ul className="link-list">
          {areas.map((area) => (
            <li key={area.id}>
              <a href={`/wiki/emerging-issues#area-${area.slug}`}>{area.title}</a>{' '}
              <span className="hint">({count(area.recommendationCount, 'recommendation', 'recommendations')})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading">Featured pages</h2>
        <ul className="link-list">
          {featuredPages.map((featured) => (
            <li key={featured.slug}>
              <a href={`/wiki/${featured.slug}`}>{featured.title}</a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="threads-heading">
        <h2 id="threads-heading">Recent threads</h2>
        <ul className="link-list">
          {recentThreads.map((thread) => (
            <li key={thread.id}>
              <a href={`/threads/${thread.id}`}>{thread.subject}</a>{' '}
              <span className="hint">
                on {thread.page.title}, {count(thread.replyCount, 'reply', 'replies')}
                {thread.viewerUnreadCount ? (
                  <>
                    , <strong className="tag tag--unread">{thread.viewerUnreadCount} unread</strong>
                  </>
                ) : null}
                , last post <DateTime iso={thread.lastPostAt} /> by <PersonName person={thread.lastPostBy} />
              </span>
            </li>
          ))}
        </ul>
        <MarkAllRead threads={recentThreads} name="the recent threads" />
      </section>
    </>
  );
}
