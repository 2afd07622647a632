import { Form, useLocation } from 'react-router';
import { Pagination } from '../components/Pagination';
import { DateTime } from '../components/DateTime';
import { describeChange } from '../components/LatestUpdate';
import { ChangeSummaryFields } from '../fragments';
import { TextInput } from '../components/TextInput';
import { PersonName } from '../components/UserLink';
import { count } from '../format';
import { attempt, query } from '../load-context';
import { pageTitle } from '../site';
import { Select } from '../components/Select';
import { filterSearch, KIND_OPTIONS, readFilters, recentTitle } from '../recent-filters';
import type { Route } from './+types/recent';
import { graphql } from '../graphql';

const PAGE_SIZE = 50;

const RECENT_QUERY = graphql(`
  query RecentChanges($first: Int, $after: String, $last: Int, $before: String, $username: String, $kind: ChangeKind) {
    recentChanges(first: $first, after: $after, last: $last, before: $before, username: $username, kind: $kind) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        node {
          id ...ChangeSummaryFields
          page { slug title deletedAt }
        }
      }
    }
  }
`, [ChangeSummaryFields]);

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readFilters(url);
  const after = url.searchParams.get('after') || null;
  const before = after ? null : url.searchParams.get('before') || null;
  const variables = { username: filters.username, kind: filters.kind?.kind ?? null, first: PAGE_SIZE, after, before, last: before ? PAGE_SIZE : null };
  const first = await attempt(context, RECENT_QUERY, variables);
  // A mangled or outdated "Newer"/"Older" link: show the newest changes and say so, rather than fail.
  const cursorRefused = Boolean((after || before) && first.errors?.some((error) => error.extensions?.code === 'BAD_USER_INPUT'));
  const { recentChanges } =
    first.errors || !first.data ? await query(context, RECENT_QUERY, cursorRefused ? { ...variables, after: null, before: null, last: null } : variables, { request }) : first.data;
  return { filters, recentChanges, cursorRefused, feedHref: `/recent.atom${filterSearch(filters)}` };
}

export const meta: Route.MetaFunction = ({ loaderData: data }) => [
  ...pageTitle(data ? recentTitle(data.filters) : 'Recent changes'),
  { tagName: 'link', rel: 'alternate', type: 'application/atom+xml', title: 'Recent changes (Atom feed)', href: data?.feedHref ?? '/recent.atom' },
];

export default function RecentChanges({ loaderData }: Route.ComponentProps) {
  const { filters, recentChanges, cursorRefused, feedHref } = loaderData;
  const location = useLocation();
  const { edges, pageInfo, totalCount } = recentChanges;
  const filtered = Boolean(filters.username || filters.kind);
  return (
    <>
      <h1>Recent changes</h1>
      <p>Everything that changed across the wiki, newest first: new pages, edits, renames, deletions and recommendations marked as realistic mechanisms.</p>
      <p>
        <a href={feedHref} type="application/atom+xml">
          Subscribe to {filtered ? 'these changes' : 'recent changes'} (Atom feed)
        </a>
      </p>

      {/* Keyed by the address, so the fields show the filters in force after each navigation. */}
      <Form method="get" action="/recent" className="filter-form" role="search" aria-label="Filter changes" key={location.search}>
        <TextInput id="username" name="username" label="Person (username)" defaultValue={filters.username ?? ''} spellCheck={false} autoComplete="off" />
        <Select id="kind" name="kind" label="Kind of change" emptyOption="All kinds" defaultValue={filters.kind?.value ?? ''} options={KIND_OPTIONS} />
        <div className="filter-form__actions">
          <button type="submit" className="button">
            Filter
          </button>
          {filtered ? <a href="/recent">Show all changes</a> : null}
        </div>
      </Form>

      {cursorRefused ? (
        <p className="inset-text">
          The link to that part of the list did not work, so the newest changes are shown.
        </p>
      ) : null}

      {edges.length === 0 ? (
        <p>{filtered ? 'No changes match these filters.' : 'Nothing has changed yet.'}</p>
      ) : (
        <>
          <p className="hint">
            {count(totalCount, 'change', 'changes')}
            {filtered ? ' match these filters' : ' in all'}.
          </p>
          <table className="table recent-table">
            <caption>{recentTitle(filters)}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Page</th>
                <th scope="col">Who</th>
                <th scope="col">What changed</th>
                <th scope="col">About this update</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node: change }) => (
                <tr key={change.id} id={`change-${change.id}`}>
                  <td data-label="When">
                    <DateTime iso={change.createdAt} />
                  </td>
                  <td data-label="Page">
                    {change.page ? (
                      <>
                        <a href={`/wiki/${encodeURIComponent(change.page.slug)}`}>{change.page.title}</a>
                        {change.page.deletedAt ? <span className="hint"> (now deleted)</span> : null}
                      </>
                    ) : (
                      <span className="hint">A page that no longer exists</span>
                    )}
                  </td>
                  <td data-label="Who">
                    <PersonName person={change.actor} />
                  </td>
                  <td data-label="What changed">{describeChange(change)}</td>
                  <td data-label="About this update">{change.note ? change.note : <span className="hint">No note</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <Pagination
        label="More changes"
        items={[
          pageInfo.hasPreviousPage && { href: `/recent${filterSearch(filters, { before: pageInfo.startCursor })}`, text: 'Newer changes', rel: 'prev' },
          pageInfo.hasNextPage && { href: `/recent${filterSearch(filters, { after: pageInfo.endCursor })}`, text: 'Older changes', rel: 'next' },
        ]}
      />
    </>
  );
}
