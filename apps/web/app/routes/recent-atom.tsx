import { atomResponse, changeEntry, FeedChangeFields, FEED_SIZE } from '../atom.server';
import { query } from '../load-context';
import { filterSearch, readFilters, recentTitle } from '../recent-filters';
import type { Route } from './+types/recent-atom';
import { graphql } from '../graphql';

const FEED_QUERY = graphql(`
  query RecentChangesFeed($first: Int!, $username: String, $kind: ChangeKind) {
    recentChanges(first: $first, username: $username, kind: $kind) { edges { node { ...FeedChangeFields } } }
  }
`, [FeedChangeFields]);

/** /recent.atom: the newest changes across the wiki as an Atom feed, with the same filters as /recent. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readFilters(url);
  const { recentChanges } = await query(context, FEED_QUERY, {
    first: FEED_SIZE,
    username: filters.username,
    kind: filters.kind?.kind ?? null,
  });
  const search = filterSearch(filters);
  const self = `${url.origin}/recent.atom${search}`;
  return atomResponse({
    id: self,
    title: `${recentTitle(filters)} – Commonplace`,
    subtitle: 'Everything that changed across the wiki, newest first.',
    updated: new Date().toISOString(),
    links: [
      { rel: 'self', type: 'application/atom+xml', href: self },
      { rel: 'alternate', type: 'text/html', href: `${url.origin}/recent${search}` },
    ],
    entries: recentChanges.edges.map(({ node }) => changeEntry(node, url.origin)),
  });
}
