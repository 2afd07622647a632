import { redirect } from 'react-router';
import { Pagination } from '../components/Pagination';
import { describeChange } from '../components/LatestUpdate';
import { ChangeSummaryFields, type PersonSummary } from '../fragments';
import { PersonName } from '../components/UserLink';
import { formatDateTime } from '../format';
import { notFound, query } from '../load-context';
import { pageTitle } from '../site';
import type { Route } from './+types/page-history';
import { graphql } from '../graphql';

const PAGE_SIZE = 50;

const HISTORY = graphql(`
  query PageHistory($slug: String!, $first: Int, $after: String, $last: Int, $before: String) {
    page(slug: $slug) {
      slug title
      history(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { node {
          id ...ChangeSummaryFields
          revision { id }
        } }
      }
    }
  }
`, [ChangeSummaryFields]);

/**
 * One row of the table, as the loader sends it: the words each cell shows, worked out once on the
 * server. The page's data (sent again inside the page for the browser) then holds six short strings a
 * row rather than every change's details, and neither rendering nor hydrating works them out again.
 */
type HistoryRow = {
  id: number;
  revisionId: number | null;
  createdAt: string;
  when: string;
  actor: PersonSummary;
  what: string;
  note: string;
};

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const after = url.searchParams.get('after');
  const before = url.searchParams.get('before');
  const oldest = url.searchParams.get('oldest') === '1';
  const variables = before || oldest ? { slug: params.slug, last: PAGE_SIZE, before } : { slug: params.slug, first: PAGE_SIZE, after };
  const { page } = await query(context, HISTORY, variables);
  if (!page) notFound();
  if (page.slug !== params.slug) throw redirect(`/wiki/${page.slug}/history${url.search}`, 301);
  const { edges, pageInfo, totalCount } = page.history;
  const rows = edges.map(({ node }): HistoryRow => ({
    id: node.id,
    revisionId: node.revision?.id ?? null,
    createdAt: node.createdAt,
    when: formatDateTime(node.createdAt),
    actor: node.actor,
    what: describeChange(node),
    note: node.note,
  }));
  return { page: { slug: page.slug, title: page.title }, rows, pageInfo, totalCount, newest: !after && !before && !oldest };
}

export const meta: Route.MetaFunction = ({ loaderData: data }) => [
  ...pageTitle(data ? `History of ${data.page.title}` : 'Page not found'),
  ...(data ? [{ tagName: 'link', rel: 'alternate', type: 'application/atom+xml', title: `History of ${data.page.title}`, href: `/wiki/${data.page.slug}/history.atom` }] : []),
];

/** Says what the revision changed too: edits made in the same minute by the same person must not share a name. */
function revisionLabel(row: HistoryRow): string {
  return `the revision of ${row.when} by ${row.actor.displayName} (${row.what})`;
}

export default function PageHistory({ loaderData }: Route.ComponentProps) {
  const { page, rows, pageInfo, totalCount, newest } = loaderData;
  const revisions = rows.filter((row) => row.revisionId !== null);
  // By default: the newest revision on this page of history against the one before it.
  const defaultTo = newest ? revisions[0]?.revisionId : undefined;
  const defaultFrom = newest ? revisions[1]?.revisionId : undefined;
  const base = `/wiki/${page.slug}/history`;
  return (
    <>
      <h1>History of {page.title}</h1>
      <p>
        Every change to what the page shows, newest first: {totalCount} in all. Choose two revisions and compare them, or open one to read it as it was and
        bring it back.
      </p>
      <p>
        <a href={`/wiki/${page.slug}`}>Back to {page.title}</a> · <a href={`/wiki/${page.slug}/history.atom`}>Follow this page’s history (Atom feed)</a>
      </p>
      <form method="get" action={`/wiki/${page.slug}/compare`} className="history-form">
        <div className="table-scroll" role="region" aria-label={`Changes to ${page.title}`} tabIndex={0}>
          <table className="table history-table">
            <caption className="table__caption">
              Changes to {page.title}, newest first{rows.length < totalCount ? ` (showing ${rows.length} of ${totalCount})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Compare from</th>
                <th scope="col">Compare to</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What changed</th>
                <th scope="col">About this update</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const label = row.revisionId === null ? '' : revisionLabel(row);
                return (
                  <tr key={row.id}>
                    {row.revisionId !== null ? (
                      <>
                        <td>
                          <input type="radio" className="radio" name="from" value={row.revisionId} id={`from-${row.revisionId}`} defaultChecked={row.revisionId === defaultFrom} />
                          <label htmlFor={`from-${row.revisionId}`} className="visually-hidden">
                            Compare from {label}
                          </label>
                        </td>
                        <td>
                          <input type="radio" className="radio" name="to" value={row.revisionId} id={`to-${row.revisionId}`} defaultChecked={row.revisionId === defaultTo} />
                          <label htmlFor={`to-${row.revisionId}`} className="visually-hidden">
                            Compare to {label}
                          </label>
                        </td>
                      </>
                    ) : (
                      <td colSpan={2}>
                        <span className="hint">Not a text revision</span>
                      </td>
                    )}
                    <td>
                      {row.revisionId !== null ? (
                        <a href={`/wiki/${page.slug}/revisions/${row.revisionId}`} aria-label={`Read ${label}`}>
                          <time dateTime={row.createdAt}>{row.when}</time>
                        </a>
                      ) : (
                        <time dateTime={row.createdAt}>{row.when}</time>
                      )}
                    </td>
                    <td>
                      <PersonName person={row.actor} />
                    </td>
                    <td>{row.what}</td>
                    <td>{row.note || <span className="hint">none given</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {revisions.length > 1 || !newest ? (
          <button type="submit" className="button">
            Compare selected revisions
          </button>
        ) : null}
      </form>
      <Pagination
        label="History pages"
        items={[
          pageInfo.hasPreviousPage && { href: base, text: 'Newest changes' },
          pageInfo.hasPreviousPage && { href: `${base}?before=${encodeURIComponent(pageInfo.startCursor ?? '')}`, text: 'Newer changes', rel: 'prev' },
          pageInfo.hasNextPage && { href: `${base}?after=${encodeURIComponent(pageInfo.endCursor ?? '')}`, text: 'Older changes', rel: 'next' },
          pageInfo.hasNextPage && { href: `${base}?oldest=1`, text: 'Oldest changes' },
        ]}
      />
    </>
  );
}
