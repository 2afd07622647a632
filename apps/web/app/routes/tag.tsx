import { notFound, query } from '../load-context';
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

export async function loader({ params, context }: Route.LoaderArgs) {
  const name = params.tag ?? '';
  // No tag is this long; a longer name cannot match, so it is not worth a query.
  if (name.length === 0 || name.length > 200) notFound();
  const { tag } = await query(context, TAG_QUERY, { name });
  if (!tag) notFound();
  return { tag };
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
                <a href={`/threads/${thread.id}`}>{thread.subject}</a> <span className="hint">on {thread.page.title}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href="/tags">All tags</a>
      </p>
    </>
  );
}
