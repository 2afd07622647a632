import { data, Form, isRouteErrorResponse, redirect, useParams, useRouteError, useSearchParams } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { LatestUpdate } from '../components/LatestUpdate';
import { LatestChangeFields } from '../fragments';
import { NotificationBanner } from '../components/NotificationBanner';
import { RecommendationAreas } from '../components/RecommendationAreas';
import { AreaFields } from '../fragments';
import { TextInput } from '../components/TextInput';
import { ThreadTable } from '../components/ThreadTable';
import { ThreadRowFields } from '../fragments';
import { LivePageUpdates } from '../live/LivePageUpdates';
import { PersonName } from '../components/UserLink';
import { errorFor, summaryItems, type FormError } from '../forms';
import { field, formMutation, readForm } from '../forms.server';
import { notFound, query } from '../load-context';
import { withUnreadCounts } from '../unread.server';
import { pageTitle } from '../site';
import { useRootData } from '../viewer';
import { WatchForm } from '../components/WatchForm';
import type { Route } from './+types/page';
import { graphql, type ResultOf } from '../graphql';

const PAGE_QUERY = graphql(`
  query WikiPage($slug: String!) {
    page(slug: $slug) {
      id
      slug
      title
      featured
      tags
      deletedAt
      deletedReason
      deletedBy { username displayName }
      area { slug title }
      parts { kind html }
      recommendationAreas { ...AreaFields }
      latestChange { ...LatestChangeFields }
      backlinks { slug title }
      threads(limit: 3) {
        totalCount
        threads { ...ThreadRowFields }
      }
      viewerWatching
    }
  }
`, [ThreadRowFields, LatestChangeFields, AreaFields]);

export async function loader({ params, request, context }: Route.LoaderArgs) {
  // Everything the query shows is part of the page's own view: kept until the page changes.
  const { page } = await query(context, PAGE_QUERY, { slug: params.slug }, { concerns: (result) => (result.page ? [result.page.id] : null) });
  if (!page) notFound();
  // An old address after a rename: the page's own address from now on.
  if (page.slug !== params.slug) throw redirect(`/wiki/${page.slug}${new URL(request.url).search}`, 301);
  // "2 unread" per thread, signed in only: asked apart, so the page's own read stays shared and cached.
  const threads = await withUnreadCounts(context, request, page.threads.threads, [page.id]);
  return data({ page: { ...page, threads: { ...page.threads, threads } } }, { status: page.deletedAt ? 410 : 200 });
}

const FEATURE = graphql(`mutation SetPageFeatured($input: SetPageFeaturedInput!) { setPageFeatured(input: $input) { errors { field message code } } }`);
const DELETE = graphql(`mutation DeletePage($input: DeletePageInput!) { deletePage(input: $input) { errors { field message code } } }`);
const RESTORE = graphql(`mutation RestorePage($input: RestorePageInput!) { restorePage(input: $input) { errors { field message code } } }`);

/** Moderators' forms on the page: feature, stop featuring, delete (with a reason), restore. */
export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const intent = field(form, 'intent');
  const slug = params.slug;
  let errors: FormError[];
  if (intent === 'feature' || intent === 'unfeature') ({ errors } = await formMutation(context, request, FEATURE, { input: { slug, featured: intent === 'feature' } }));
  else if (intent === 'delete') ({ errors } = await formMutation(context, request, DELETE, { input: { slug, reason: field(form, 'reason') } }));
  else if (intent === 'restore') ({ errors } = await formMutation(context, request, RESTORE, { input: { slug } }));
  else errors = [{ field: null, message: 'That is not something this page can do' }];
  if (errors.length > 0) return data({ errors, values: { reason: field(form, 'reason') }, submission: crypto.randomUUID() }, { status: 400 });
  return redirect(`/wiki/${slug}?updated=${intent === 'delete' ? 'deleted' : intent === 'restore' ? 'restored' : intent === 'feature' ? 'featured' : 'unfeatured'}`, 303);
}

export const meta: Route.MetaFunction = ({ loaderData: data }) => pageTitle(data?.page.title ?? 'Page not found');

const UPDATED: Record<string, string> = {
  created: 'The page has been created.',
  saved: 'Your changes have been saved.',
  merged: 'Your changes have been saved. Someone else saved changes to other parts of the page while you were editing; both are kept.',
  unchanged: 'There were no changes to save.',
  reverted: 'The page has been reverted.',
  featured: 'The page is now featured on the home page.',
  unfeatured: 'The page is no longer featured.',
  deleted: 'The page has been deleted. It can be restored.',
  restored: 'The page has been restored.',
};

export default function WikiPage({ loaderData, actionData }: Route.ComponentProps) {
  const { page } = loaderData;
  const answer = actionData;
  const [searchParams] = useSearchParams();
  const updated = searchParams.get('updated');
  const viewer = useRootData()?.viewer;
  const moderator = viewer && !viewer.suspended && (viewer.role === 'Moderator' || viewer.role === 'Admin');

  return (
    <article className="wiki-page">
      <ErrorSummary items={summaryItems(answer?.errors, { reason: 'reason' })} focusKey={answer?.submission} />
      {updated && UPDATED[updated] && !answer ? (
        <NotificationBanner id="page-updated" title="Success" success>
          <p className="notification-banner__heading">{UPDATED[updated]}</p>
        </NotificationBanner>
      ) : null}
      <h1>{page.title}</h1>
      {page.deletedAt ? (
        <div className="notification-banner" role="region" aria-labelledby="deleted-title">
          <div className="notification-banner__header">
            <h2 className="notification-banner__title" id="deleted-title">
              This page has been deleted
            </h2>
          </div>
          <div className="notification-banner__content">
            <p>
              {page.deletedBy ? <PersonName person={page.deletedBy} /> : 'A moderator'} deleted it on <DateTime iso={page.deletedAt} />
              {page.deletedReason ? `: ${page.deletedReason}` : ''}. Its history is kept, and a moderator can restore it.
            </p>
            <p>
              <a href={`/wiki/${page.slug}/history`}>Complete history</a>
            </p>
          </div>
        </div>
      ) : null}
      {page.featured && !page.deletedAt ? <p className="tag tag--featured">This is a featured page</p> : null}
      {!page.deletedAt ? (
        <nav aria-label="Page actions" className="page-actions">
          <ul>
            <li>
              <a href={`/wiki/${page.slug}/edit`}>Edit this page</a>
            </li>
            <li>
              <a href={`/wiki/${page.slug}/history`}>History</a>
            </li>
          </ul>
        </nav>
      ) : null}
      {/* After the page's own actions: editing is what most readers come for. */}
      {page.deletedAt ? null : <WatchForm target={{ pageSlug: page.slug }} watching={page.viewerWatching} name={`the page ‘${page.title}’ (its threads and edits)`} />}
      {page.parts.map((part, index) =>
        part.kind === 'Recommendations' ? (
          <RecommendationAreas key={index} areas={page.recommendationAreas} />
        ) : (
          <div key={index} className="prose" dangerouslySetInnerHTML={{ __html: part.html ?? '' }} />
        ),
      )}
      <aside className="page-meta" aria-label="About this page">
        {page.latestChange ? <LatestUpdate change={page.latestChange} pageSlug={page.slug} /> : null}
        <p>
          Keyword tags:{' '}
          {page.tags.length > 0 ? (
            <span className="tags">
              {page.tags.map((tag) => (
                <a key={tag} className="tag" href={`/tags/${encodeURIComponent(tag)}`}>
                  {tag}
                </a>
              ))}
            </span>
          ) : (
            'none'
          )}
        </p>
      </aside>
      <section aria-labelledby="backlinks-heading" className="backlinks">
        <h2 id="backlinks-heading">Links to this page</h2>
        {page.backlinks.length > 0 ? (
          <ul>
            {page.backlinks.map((linking) => (
              <li key={linking.slug}>
                <a href={`/wiki/${linking.slug}`}>{linking.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>No other page links here yet.</p>
        )}
      </section>
      {!page.deletedAt ? (
        <section aria-labelledby="discussion-heading" className="discussion">
          <h2 id="discussion-heading">Discussion</h2>
          <LivePageUpdates
            key={page.slug}
            room={`page:${page.slug}`}
            threads={{ pageSlug: page.slug, ids: page.threads.threads.map((thread) => thread.id) }}
            followStars={page.recommendationAreas.length > 0}
            fallbackFocusId="discussion-heading"
          />
          <ThreadTable threads={page.threads.threads} totalCount={page.threads.totalCount} pageTitle={page.title} allHref={`/wiki/${page.slug}/threads`} />
          <p>
            <a href={`/wiki/${page.slug}/threads/new`}>Start a new thread about this page</a>
          </p>
        </section>
      ) : null}
      {moderator ? <ModeratorTools page={page} answer={answer} /> : null}
    </article>
  );
}

function ModeratorTools({ page, answer }: { page: NonNullable<ResultOf<typeof PAGE_QUERY>['page']>; answer?: { errors: FormError[]; values: { reason: string }; submission: string } }) {
  return (
    <section aria-labelledby="moderator-heading" className="moderator-tools">
      <h2 id="moderator-heading">Moderator tools</h2>
      {page.deletedAt ? (
        <Form method="post" action={`/wiki/${page.slug}`} className="form">
          <CsrfField />
          <button type="submit" className="button" name="intent" value="restore">
            Restore this page
          </button>
        </Form>
      ) : (
        <>
          <Form method="post" action={`/wiki/${page.slug}`} className="form">
            <CsrfField />
            <button type="submit" className="button button--secondary" name="intent" value={page.featured ? 'unfeature' : 'feature'}>
              {page.featured ? 'Stop featuring this page' : 'Feature this page on the home page'}
            </button>
          </Form>
          <Form method="post" action={`/wiki/${page.slug}`} className="form" key={answer?.submission} noValidate>
            <CsrfField />
            <TextInput id="reason" name="reason" label="Reason for deleting this page" hint="Shown on the page and in its history" defaultValue={answer?.values.reason} error={errorFor(answer?.errors, 'reason', 'reason')} width="full" />
            <button type="submit" className="button button--warning" name="intent" value="delete">
              Delete this page
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

/** A wiki address with no page yet: say so, and offer to create it (a missing wiki link leads here). */
export function ErrorBoundary() {
  const error = useRouteError();
  const { slug = '' } = useParams();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  const title = slug.replace(/-+/g, ' ').replace(/^./, (first) => first.toUpperCase());
  return (
    <>
      <title>Page not found – Commonplace</title>
      <h1>There is no page called “{title}” yet</h1>
      <p>Nobody has written this page yet, or the address is mistyped.</p>
      <ul>
        <li>
          <a href={`/pages/new?title=${encodeURIComponent(title)}`}>Create a page called “{title}”</a>
        </li>
        <li>
          <a href={`/search?q=${encodeURIComponent(title)}`}>Search for “{title}”</a>
        </li>
        <li>
          <a href="/">Go to the home page</a>
        </li>
      </ul>
    </>
  );
}
