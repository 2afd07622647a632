import type { LoaderFunctionArgs, MetaFunction } from 'react-router';
import { useLoaderData } from 'react-router';
import { notFound, query } from '../load-context';
import { pageTitle } from '../site';

const TAG_QUERY = /* GraphQL */ `
  query Tag($name: String!) {
    tag(name: $name) {
      name
      pages { slug title }
      threads { id subject page { slug title } }
    }
  }
`;

interface TagData {
  tag: {
    name: string;
    pages: { slug: string; title: string }[];
    threads: { id: number; subject: string; page: { slug: string; title: string } }[];
  } | null;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const name = params.tag ?? '';
  // No tag is this long; a longer name cannot match, so it is not worth a query.
  if (name.length === 0 || name.length > 200) notFound();
  const { tag } = await query<TagData>(context, TAG_QUERY, { name });
  if (!tag) notFound();
  return { tag };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageTitle(data ? `Tagged “${data.tag.name}”` : 'Page not found');

export default function Tag() {
  const { tag } = useLoaderData<typeof loader>();
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
