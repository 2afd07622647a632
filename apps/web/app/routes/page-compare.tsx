import { data, redirect } from 'react-router';
import { DateTime } from '../components/DateTime';
import { PersonName } from '../components/UserLink';
import { COARSE_DIFF, InlineDiff, SideBySideDiff } from '../components/WordDiff';
import { count, formatDateTime } from '../format';
import { notFound, query } from '../load-context';
import { pageTitle } from '../site';
import type { Route } from './+types/page-compare';
import { graphql, type ResultOf } from '../graphql';

const PAGE = graphql(`
  query ComparedPage($slug: String!) {
    page(slug: $slug) { id slug title currentRevision { id } }
  }
`);

const COMPARE = graphql(`
  query CompareRevisions($pageId: Int!, $from: Int!, $to: Int!) {
    compareRevisions(from: $from, to: $to, pageId: $pageId) {
      wordsAdded wordsRemoved wordByWord
      parts { kind text }
      from { id createdAt summary author { username displayName } page { id } }
      to { id createdAt summary author { username displayName } page { id } }
    }
  }
`);

type RevisionSummary = NonNullable<ResultOf<typeof COMPARE>['compareRevisions']>['from'];

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  let from = Number(url.searchParams.get('from'));
  let to = Number(url.searchParams.get('to'));
  if (!Number.isInteger(from) || !Number.isInteger(to) || from <= 0 || to <= 0) {
    throw data({ message: 'Choose two revisions to compare from the page’s history.' }, { status: 400 });
  }
  // Older on the left, newer on the right, whichever order they were picked in.
  if (from > to) [from, to] = [to, from];
  // The page first: an address whose slug is no page, or whose revisions are another page's,
  // is a 404 before anything is compared.
  const { page } = await query(context, PAGE, { slug: params.slug });
  if (!page) notFound();
  if (page.slug !== params.slug) throw redirect(`/wiki/${page.slug}/compare${url.search}`, 301);
  const comparison = (await query(context, COMPARE, { pageId: page.id, from, to })).compareRevisions;
  if (!comparison) notFound();
  const view = url.searchParams.get('view') === 'side-by-side' ? 'side-by-side' : 'inline';
  return { page, comparison, view, same: from === to };
}

export const meta: Route.MetaFunction = ({ loaderData: data }) => pageTitle(data ? `Changes to ${data.page.title}` : 'Page not found');

function describe(revision: RevisionSummary): string {
  return `the revision of ${formatDateTime(revision.createdAt)} by ${revision.author.displayName}`;
}

export default function CompareRevisions({ loaderData }: Route.ComponentProps) {
  const { page, comparison, view, same } = loaderData;
  const { from, to, wordsAdded, wordsRemoved, wordByWord, parts } = comparison;
  const query = `from=${from.id}&to=${to.id}`;
  const base = `/wiki/${page.slug}/compare?${query}`;
  return (
    <>
      <h1>Changes to {page.title}</h1>
      <p className="lede">
        {same
          ? 'You chose the same revision twice, so there are no changes to show.'
          : `From ${describe(from)} to ${describe(to)}: ${count(wordsAdded, 'word', 'words')} added, ${count(wordsRemoved, 'word', 'words')} removed.`}
      </p>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>Older revision</dt>
          <dd>
            <a href={`/wiki/${page.slug}/revisions/${from.id}`}>
              <DateTime iso={from.createdAt} />
            </a>{' '}
            by <PersonName person={from.author} />
            {from.summary ? ` (about this update: ${from.summary})` : ''}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Newer revision</dt>
          <dd>
            <a href={`/wiki/${page.slug}/revisions/${to.id}`}>
              <DateTime iso={to.createdAt} />
            </a>{' '}
            by <PersonName person={to.author} />
            {to.summary ? ` (about this update: ${to.summary})` : ''}
            {page.currentRevision?.id === to.id ? ' — the current text' : ''}
          </dd>
        </div>
      </dl>
      {wordByWord ? null : <p className="inset-text">{COARSE_DIFF}</p>}
      <p>
        Removed words are struck through and marked “removed”; added words are underlined and marked “added”.
      </p>
      <nav aria-label="How to show the changes" className="view-switch">
        <ul>
          <li>
            <a href={`${base}&view=inline`} aria-current={view === 'inline' ? 'page' : undefined}>
              In one text
            </a>
          </li>
          <li>
            <a href={`${base}&view=side-by-side`} aria-current={view === 'side-by-side' ? 'page' : undefined}>
              Side by side
            </a>
          </li>
        </ul>
      </nav>
      {view === 'side-by-side' ? (
        <SideBySideDiff parts={parts} olderLabel="Older revision" newerLabel="Newer revision" />
      ) : (
        <InlineDiff parts={parts} label="The changes, in one text" />
      )}
      <p>
        <a href={`/wiki/${page.slug}/history`}>Back to the history of {page.title}</a>
      </p>
    </>
  );
}
