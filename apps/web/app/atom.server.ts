import { describeChange } from './components/LatestUpdate';
import { ChangeSummaryFields } from './fragments';
import { isFormerParticipant, profilePath } from './components/UserLink';
import { graphql, type ResultOf } from './graphql';

/*
 * Atom 1.0 feeds (RFC 4287) of recent changes and of a page's history. Built as text: every value
 * goes through `xml()`, which escapes markup and drops characters XML 1.0 cannot carry at all.
 */

/** A change as the feeds fetch it (`recentChanges { edges { node { … } } }`). */
export type FeedChange = ResultOf<typeof FeedChangeFields>;

export interface AtomLink {
  rel: 'self' | 'alternate' | 'related';
  href: string;
  type?: string;
  title?: string;
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  author: { name: string; uri?: string };
  links: AtomLink[];
  summary: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** When there are no entries, when the feed was made. */
  updated: string;
  links: AtomLink[];
  entries: AtomEntry[];
}

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

// Characters XML 1.0 forbids even as references: C0 controls other than tab, newline and carriage
// return, lone surrogates, U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- finding control characters is its purpose
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an XML element or a double- or single-quoted attribute. */
export function xml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function link(item: AtomLink): string {
  const type = item.type ? ` type="${xml(item.type)}"` : '';
  const title = item.title ? ` title="${xml(item.title)}"` : '';
  return `<link rel="${item.rel}" href="${xml(item.href)}"${type}${title}/>`;
}

function entry(item: AtomEntry): string {
  const uri = item.author.uri ? `<uri>${xml(item.author.uri)}</uri>` : '';
  return [
    '  <entry>',
    `    <id>${xml(item.id)}</id>`,
    `    <title type="text">${xml(item.title)}</title>`,
    `    <updated>${xml(item.updated)}</updated>`,
    `    <author><name>${xml(item.author.name)}</name>${uri}</author>`,
    ...item.links.map((each) => `    ${link(each)}`),
    `    <summary type="text">${xml(item.summary)}</summary>`,
    '  </entry>',
  ].join('\n');
}

/** The feed as an XML document. */
export function renderAtomFeed(feed: AtomFeed): string {
  // ISO 8601 UTC times sort as text; the feed changed when its newest entry did.
  const updated = feed.entries.map((item) => item.updated).sort().at(-1) ?? feed.updated;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(feed.id)}</id>`,
    `  <title type="text">${xml(feed.title)}</title>`,
    feed.subtitle ? `  <subtitle type="text">${xml(feed.subtitle)}</subtitle>` : null,
    `  <updated>${xml(updated)}</updated>`,
    '  <generator>Commonplace</generator>',
    ...feed.links.map((each) => `  ${link(each)}`),
    ...feed.entries.map(entry),
    '</feed>',
    '',
  ]
    .filter((line) => line !== null)
    .join('\n');
}

export function atomResponse(feed: AtomFeed): Response {
  return new Response(renderAtomFeed(feed), { headers: { 'Content-Type': ATOM_CONTENT_TYPE } });
}

/**
 * One change as a feed entry: "Emerging issues: 6 recommendations marked as realistic mechanisms",
 * by its actor, linking to the page (and, in a page's feed, to its history). Entry ids are the
 * same in every feed, so a reader subscribed to both sees one change once.
 */
export function changeEntry(change: FeedChange, origin: string, options: { historyLink?: boolean } = {}): AtomEntry {
  const what = describeChange(change);
  const pageTitle = change.page?.title ?? 'A page that no longer exists';
  const links: AtomLink[] = [];
  if (change.page) {
    const page = `${origin}/wiki/${encodeURIComponent(change.page.slug)}`;
    links.push({ rel: 'alternate', type: 'text/html', href: page, title: change.page.title });
    if (options.historyLink) links.push({ rel: 'related', type: 'text/html', href: `${page}/history`, title: `History of ${change.page.title}` });
  } else {
    links.push({ rel: 'alternate', type: 'text/html', href: `${origin}/recent` });
  }
  const note = change.note.trim();
  const former = isFormerParticipant(change.actor);
  const who = former || change.actor.displayName === change.actor.username ? change.actor.displayName : `${change.actor.displayName} (${change.actor.username})`;
  return {
    id: `${origin}/recent#change-${change.id}`,
    title: `${pageTitle}: ${what}`,
    updated: change.createdAt,
    author: former ? { name: change.actor.displayName } : { name: change.actor.displayName, uri: `${origin}${profilePath(change.actor.username)}` },
    links,
    summary: `${who}: ${what}.${note ? ` About this update: ${note}` : ''}`,
  };
}

/** The GraphQL selection the feeds need from each change. */
export const FeedChangeFields = graphql(`
  fragment FeedChangeFields on Change {
    id ...ChangeSummaryFields
    page { slug title }
  }
`, [ChangeSummaryFields]);

/** How many changes a feed carries. */
export const FEED_SIZE = 50;
