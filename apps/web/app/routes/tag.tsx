import { MarkAllRead } from '../components/MarkAllRead';
import { notFound, query } from '../load-context';
import { withUnreadCounts } from '../unread.server';
import { pageTitle } from '../site';
import type { Route } from './+types/tag';
import { graphql } from '../graphql';

const TAG_QUERY = graphql(`
  query Tag($name: String!) {
    tag(name: $name) {
      name
      pages { slug title }
      threads { id subject page { slug title } }
    }
  }
`);

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const name = params.tag ?? '';
  // No tag is this long; a longer name cannot match, so it is not worth a query.
  if (name.length === 0 || name.length > 200) notFound();
  const { tag } = await query(context, TAG_QUERY, { name });
  if (!tag) notFound();
  // "2 unread" per thread, signed in only: asked apart, so the tag's own read stays shared and cached.
  return { tag: { ...tag, threads: await withUnreadCounts(context, request, tag.threads) } };
}

export const meta: Route.MetaFunction = ({ loaderData: data }) => pageTitle(data ? `Tagged “${data.tag.name}”` : 'Page not found');

export default function Tag({ loaderData }: Route.ComponentProps) {
  const { tag } = loaderData;
  return (
    <>
      <h1>Tagged “{tag.name}”</h1>
      <section aria-labelledby="tag-pages-heading">
        <h2 id="tag-pages-heading">Pages</h2>
        {tag.pages.length === 0 ? (
          <p>No pages have this tag.</p>
        ) : (
          <ul className="link-list">
            {tag.pages.map((page) => (
              <li key={page.slug}>
                <a href={`/wiki/${encodeURIComponent(page.slug)}`}>{page.title}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="tag-threads-heading">
        <h2 id="tag-threads-heading">Threads</h2>
        {tag.threads.length === 0 ? (
          <p>No threads have this tag.</p>
        ) : (
          <ul className="link-list">
            {tag.threads.map((thread) => (
              <li key={thread.id}>
                <a href={`/threads/${thread.id}`}>{thread.subject}</a>{' '}
                <span className="hint">
                  on {thread.page.title}
                  {thread.viewerUnreadCount ? (
                    <>
                      , <strong className="tag tag--unread">{thread.viewerUnreadCount} unread</strong>
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
        <MarkAllRead threads={tag.threads} name={`the threads tagged “${tag.name}”`} />
      </section>
      <p>
        <a href="/tags">All tags</a>
      </p>
    </>
  );
}
