import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { field, formMutation, readForm } from '../forms.server';
import { Pagination } from '../components/Pagination';
import { ThreadTableRow } from '../components/ThreadTable';
import { ThreadRowFields } from '../fragments';
import { useRootData } from '../viewer';
import { LivePageUpdates } from '../live/LivePageUpdates';
import { count } from '../format';
import { notFound, query, tooManyRequestsPage } from '../load-context';
import type { Route } from './+types/page-threads';
import { graphql } from '../graphql';

const PER_PAGE = 25;

const PAGE_THREADS = graphql(`
  query PageThreads($slug: String!, $sort: ThreadSort!, $page: Int!, $perPage: Int!) {
    page(slug: $slug) {
      id
      slug
      title
      deletedAt
      threadList(sort: $sort, page: $page, perPage: $perPage) {
        totalCount
        pageNumber
        pageCount
        threads { ...ThreadRowFields valuableCount viewerUnreadCount }
      }
    }
  }
`, [ThreadRowFields]);

type Sort = 'activity' | 'valuable';

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const sort: Sort = url.searchParams.get('sort') === 'valuable' ? 'valuable' : 'activity';
  const requested = Number(url.searchParams.get('page') ?? '1');
  const pageNumber = Number.isInteger(requested) && requested >= 1 && requested <= 100_000 ? requested : 1;
  const { page } = await query(
    context,
    PAGE_THREADS,
    { slug: params.slug, sort: sort === 'valuable' ? 'Valuable' : 'Activity', page: pageNumber, perPage: PER_PAGE },
    // The list shows this page's threads, their counts and posters: a change to another page leaves it current.
    { concerns: (result) => (result.page ? [result.page.id] : null) },
  );
  if (!page) notFound();
  if (page.slug !== params.slug) throw redirect(`/wiki/${page.slug}/threads${url.search}`, 301);
  return { page, sort };
}

const MARK_PAGE_THREADS_READ = graphql(`mutation MarkPageThreadsRead($input: MarkPageThreadsReadInput!) { markPageThreadsRead(input: $input) { markedCount errors { field message code } } }`);

/** "Mark all as read": every thread about the page, then back to the same list. */
export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  if (field(form, 'intent') !== 'read-all') notFound();
  const done = await formMutation(context, request, MARK_PAGE_THREADS_READ, { input: { pageSlug: params.slug } });
  // The button has no field to show a problem at: a rate limit is the "Too many requests" page.
  if (done.retryAfterSeconds !== null) throw tooManyRequestsPage(done.retryAfterSeconds);
  if (!done.ok) notFound();
  const url = new URL(request.url);
  return redirect(`${url.pathname}${url.search}`, 303);
}

function listPath(slug: string, sort: Sort, pageNumber: number): string {
  const params = new URLSearchParams();
  if (sort !== 'activity') params.set('sort', sort);
  if (pageNumber > 1) params.set('page', String(pageNumber));
  const search = params.toString();
  return `/wiki/${slug}/threads${search ? `?${search}` : ''}`;
}

export default function PageThreads({ loaderData }: Route.ComponentProps) {
  const { page, sort } = loaderData;
  const viewer = useRootData()?.viewer;
  const watchColumn = Boolean(viewer && !viewer.suspended);
  const list = page.threadList;
  const order = sort === 'valuable' ? 'most valuable first' : 'newest activity first';
  return (
    <>
      <title>{`Threads about ${page.title}${list.pageCount > 1 ? ` (page ${list.pageNumber} of ${list.pageCount})` : ''} – Commonplace`}</title>
      <p className="context-link">
        <a href={`/wiki/${page.slug}`}>{page.title}</a>
      </p>
      <h1 id="threads-heading">Threads about {page.title}</h1>
      {!page.deletedAt ? (
        <p>
          <a href={`/wiki/${page.slug}/threads/new`}>Start a new thread about this page</a>
        </p>
      ) : null}
      {!page.deletedAt ? (
        <LivePageUpdates key={page.slug} room={`page:${page.slug}`} threads={{ pageSlug: page.slug, ids: list.threads.map((thread) => thread.id) }} fallbackFocusId="threads-heading" />
      ) : null}
      {viewer && list.threads.some((thread) => (thread.viewerUnreadCount ?? 0) > 0) ? (
        <Form method="post" className="threads__read-all">
          <CsrfField />
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="button button--secondary">
            Mark all as read<span className="visually-hidden">: every thread about {page.title}</span>
          </button>
        </Form>
      ) : null}
      <nav aria-label="Sort threads" className="sort-links">
        <p>
          Sort by:{' '}
          <a href={listPath(page.slug, 'activity', 1)} aria-current={sort === 'activity' ? 'page' : undefined}>
            newest activity
          </a>
          {' | '}
          <a href={listPath(page.slug, 'valuable', 1)} aria-current={sort === 'valuable' ? 'page' : undefined}>
            most valuable
          </a>
        </p>
      </nav>
      {list.totalCount === 0 ? (
        <p>There are no threads about this page yet.</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="thread-list-caption" tabIndex={0}>
          <table className="table thread-table">
            <caption id="thread-list-caption">
              Threads about {page.title}, {order}
              {list.pageCount > 1 ? ` (page ${list.pageNumber} of ${list.pageCount})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Started by</th>
                <th scope="col">Subject</th>
                <th scope="col">Replies</th>
                <th scope="col">Found valuable by</th>
                <th scope="col">Last post</th>
                {watchColumn ? <th scope="col">Watch</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.threads.map((thread) => (
                <ThreadTableRow key={thread.id} thread={thread} watchColumn={watchColumn} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">
        {count(list.totalCount, 'thread', 'threads')} in all
      </p>
      <Pagination
        label="Pages of threads"
        listClassName="pagination__list"
        items={[
          list.pageNumber > 1 && { href: listPath(page.slug, sort, list.pageNumber - 1), text: 'Previous page', rel: 'prev' },
          `Page ${list.pageNumber} of ${list.pageCount}`,
          list.pageNumber < list.pageCount && { href: listPath(page.slug, sort, list.pageNumber + 1), text: 'Next page', rel: 'next' },
        ]}
      />
    </>
  );
}
