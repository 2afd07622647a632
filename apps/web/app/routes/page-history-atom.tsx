import { atomResponse, changeEntry, FeedChangeFields, FEED_SIZE } from '../atom.server';
import { query } from '../load-context';
import type { Route } from './+types/page-history-atom';
import { graphql } from '../graphql';

const FEED_QUERY = graphql(`
  query PageHistoryFeed($slug: String!, $first: Int!) {
    page(slug: $slug) { slug title }
    recentChanges(pageSlug: $slug, first: $first) { edges { node { ...FeedChangeFields } } }
  }
`, [FeedChangeFields]);

/** /wiki/<slug>/history.atom: one page's history as an Atom feed; 404 for a page that does not exist. */
export async function loader({ params, request, context }: Route.LoaderArgs) {
  const slug = params.slug ?? '';
  const { page, recentChanges } = await query(context, FEED_QUERY, { slug, first: FEED_SIZE });
  if (!page) return new Response('Page not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const origin = new URL(request.url).origin;
  const pagePath = `${origin}/wiki/${encodeURIComponent(page.slug)}`;
  return atomResponse({
    id: `${pagePath}/history.atom`,
    title: `History of ${page.title} – Commonplace`,
    subtitle: `Every change to ${page.title}, newest first.`,
    updated: new Date().toISOString(),
    links: [
      { rel: 'self', type: 'application/atom+xml', href: `${pagePath}/history.atom` },
      { rel: 'alternate', type: 'text/html', href: `${pagePath}/history` },
      { rel: 'related', type: 'text/html', href: pagePath, title: page.title },
    ],
    entries: recentChanges.edges.map(({ node }) => changeEntry(node, origin, { historyLink: true })),
  });
}
