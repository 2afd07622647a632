import { Form } from 'react-router';
import { count } from '../format';
import { query } from '../load-context';
import { pageTitle } from '../site';
import { Pagination } from '../components/Pagination';
import { Select } from '../components/Select';
import type { Route } from './+types/search';
import { graphql, type ResultOf } from '../graphql';

type SearchKind = ReturnType<typeof graphql.scalar<'SearchKind'>>;

/** The kind filter as it appears in the address (?kind=threads), with what the page calls it. */
const KINDS: {
  value: string;
  kind: SearchKind;
  label: string;
  plural: string;
}[] = [
  { value: 'pages', kind: 'PAGE', label: 'Page', plural: 'pages' },
  {
    value: 'recommendations',
    kind: 'RECOMMENDATION',
    label: 'Recommendation',
    plural: 'recommendations',
  },
  { value: 'threads', kind: 'THREAD', label: 'Thread', plural: 'threads' },
  { value: 'replies', kind: 'REPLY', label: 'Reply', plural: 'replies' },
];

const AREAS_QUERY = graphql(`
  query SearchAreas {
    areas {
      slug
      title
    }
  }
`);

const SEARCH_QUERY = graphql(`
  query Search($q: String!, $kind: SearchKind, $area: String, $after: String) {
    areas {
      slug
      title
    }
    search(query: $q, kind: $kind, areaSlug: $area, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          kind
          title
          url
          snippet
          areaTitle
        }
      }
    }
  }
`);

type Area = ResultOf<typeof AREAS_QUERY>['areas'][number];

export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const q = (params.get('q') ?? '').trim();
  // Filters the form did not offer are ignored rather than refused: a search never fails on input.
  const kind = KINDS.find((option) => option.value === params.get('kind')) ?? null;
  const areaParam = params.get('area') ?? '';
  const after = params.get('after') || null;
  // Results are not cached: arbitrary queries would push page views out of the read cache.
  const run = (areaSlug: string | null) => query(context, SEARCH_QUERY, { q, kind: kind?.kind ?? null, area: areaSlug, after }, { cacheable: false });
  if (!q) {
    const { areas } = await query(context, AREAS_QUERY);
    return { q, kind: kind?.value ?? '', area: areas.find((candidate) => candidate.slug === areaParam) ?? null, after, areas, search: null };
  }
  let data = await run(areaParam || null);
  // An area that does not exist (any more) is dropped, so the results say what was searched.
  if (areaParam && !data.areas.some((candidate) => candidate.slug === areaParam)) data = await run(null);
  const area = data.areas.find((candidate) => candidate.slug === areaParam) ?? null;
  return {
    q,
    kind: kind?.value ?? '',
    area,
    after,
    areas: data.areas,
    search: data.search ?? null,
  };
}

export const meta: Route.MetaFunction = ({ loaderData: data }) => pageTitle(data?.q ? `Search results for ‘${data.q}’` : 'Search');

/** "/search?q=…&kind=…&area=…", with the filters in use and, for later results, the cursor. */
function searchPath(q: string, kind: string, area: Area | null, after?: string | null): string {
  const params = new URLSearchParams({ q });
  if (kind) params.set('kind', kind);
  if (area) params.set('area', area.slug);
  if (after) params.set('after', after);
  return `/search?${params}`;
}

export default function Search({ loaderData }: Route.ComponentProps) {
  const { q, kind, area, after, areas, search } = loaderData;
  const kindOption = KINDS.find((option) => option.value === kind);
  const filters = [kindOption ? `in ${kindOption.plural}` : null, area ? `in the area ‘${area.title}’` : null].filter(Boolean).join(', ');
  return (
    <>
      <h1>{q ? `Search results for ‘${q}’` : 'Search'}</h1>
      {/* Keyed by the search, so the fields show it again after a client-side navigation. */}
      <Form
        method="get"
        action="/search"
        role="search"
        aria-label="Search and filter"
        className="search-form"
        key={`${q}\0${kind}\0${area?.slug ?? ''}`}
      >
        <div className="form-group">
          <label className="label" htmlFor="search-q">
            Search Commonplace
          </label>
          <input className="input input--full" id="search-q" name="q" type="search" defaultValue={q} spellCheck />
        </div>
        <div className="search-form__filters">
          <Select
            id="search-kind"
            name="kind"
            label="Show"
            emptyOption="Everything"
            defaultValue={kind}
            options={KINDS.map((option) => ({ value: option.value, label: option.plural[0].toUpperCase() + option.plural.slice(1) }))}
          />
          <Select id="search-area" name="area" label="Area" emptyOption="All areas" defaultValue={area?.slug ?? ''} options={areas.map((option) => ({ value: option.slug, label: option.title }))} />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </Form>

      {!search ? (
        <p>Search the pages, recommendations and discussions. Words match in any form: “clinician” also finds “clinicians”.</p>
      ) : search.totalCount === 0 ? (
        <NoResults q={q} kind={kind} area={area} filters={filters} />
      ) : (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" className="search-summary">
            {count(search.totalCount, 'result', 'results')} for ‘{q}’{filters ? ` ${filters}` : ''}
          </h2>
          <ol className="search-results">
            {search.edges.map(({ cursor, node }) => (
              <li key={cursor} className="search-result">
                <p className="search-result__kind">{KINDS.find((option) => option.kind === node.kind)?.label}</p>
                <h3 className="search-result__title">
                  <a href={node.url}>{node.title}</a>
                </h3>
                {node.areaTitle ? <p className="search-result__area">Area: {node.areaTitle}</p> : null}
                {/* The server escapes the snippet's text; its only markup is <mark> around matches. */}
                {node.snippet ? <p className="search-result__snippet" dangerouslySetInnerHTML={{ __html: node.snippet }} /> : null}
              </li>
            ))}
          </ol>
        </section>
      )}
      {search && search.totalCount > 0 ? (
        <Pagination
          label="More results"
          className="search-pagination"
          items={[after && { href: searchPath(q, kind, area), text: 'First results' }, search.pageInfo.hasNextPage && { href: searchPath(q, kind, area, search.pageInfo.endCursor), text: 'Next results', rel: 'next' }]}
        />
      ) : null}
    </>
  );
}

function NoResults({ q, kind, area, filters }: { q: string; kind: string; area: Area | null; filters: string }) {
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" className="search-summary">
        No results for ‘{q}’{filters ? ` ${filters}` : ''}
      </h2>
      <p>You could:</p>
      <ul>
        <li>check the spelling</li>
        <li>use fewer words, or other words that mean the same thing</li>
        {kind || area ? (
          <li>
            <a href={searchPath(q, '', null)}>search everything for ‘{q}’</a>
          </li>
        ) : null}
        <li>
          read <a href="/wiki/emerging-issues">Emerging issues</a>, with its recommendations and discussions
        </li>
      </ul>
    </section>
  );
}
