import { redirect } from 'react-router';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { StarDisclosure } from '../components/RecommendationAreas';
import { RecommendationHistory } from '../components/recommendation/RecommendationHistory';
import { reasonFieldId, RemoveStarForms } from '../components/recommendation/RemoveStarForms';
import { StarForm } from '../components/recommendation/StarForm';
import { StarUpdated } from '../components/recommendation/StarUpdated';
import { WithdrawStarForm } from '../components/recommendation/WithdrawStarForm';
import { ThreadTable } from '../components/ThreadTable';
import { summaryItems } from '../forms';
import { readForm } from '../forms.server';
import { notFound, query } from '../load-context';
import { withUnreadCounts } from '../unread.server';
import { RECOMMENDATION_QUERY, recommendationAction } from '../recommendation.server';
import { useRootData } from '../viewer';
import type { Route } from './+types/recommendation';

/** Longer texts than this are shown under an h1 of "Recommendation", so the heading stays a heading. */
const HEADING_LENGTH = 120;

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const id = Number(params.id);
  if (!/^\d+$/.test(params.id ?? '') || !Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) notFound();
  const { recommendation } = await query(context, RECOMMENDATION_QUERY, { id });
  if (!recommendation) notFound();
  // Merged: its stars, threads and history live on the one it was merged into.
  if (recommendation.status === 'Merged' && recommendation.mergedInto) throw redirect(`/recommendations/${recommendation.mergedInto.id}`, 301);
  // "2 unread" per thread, signed in only: asked apart, so the recommendation's own read stays shared and cached.
  const threads = await withUnreadCounts(context, request, recommendation.threads);
  return { recommendation: { ...recommendation, threads } };
}

/** Each star form sends an `intent`: its mutation, and where to go after, are in recommendation.server.ts. */
export async function action({ params, request, context }: Route.ActionArgs) {
  return recommendationAction(context, request, await readForm(request, context), Number(params.id));
}

export default function RecommendationPage({ loaderData, actionData: answer }: Route.ComponentProps) {
  const { recommendation } = loaderData;
  const viewer = useRootData()?.viewer;
  const canAct = Boolean(viewer && !viewer.suspended);
  const moderator = canAct && (viewer!.role === 'Moderator' || viewer!.role === 'Admin');
  const archived = recommendation.status === 'Archived';
  const long = recommendation.text.length > HEADING_LENGTH;

  return (
    <article className="recommendation-page">
      <title>{`${answer?.errors.length ? 'Error: ' : ''}${long ? `${recommendation.text.slice(0, 60)}…` : recommendation.text} – Recommendation – Commonplace`}</title>
      <ErrorSummary items={summaryItems(answer?.errors, { reason: reasonFieldId(answer) })} focusKey={answer?.submission} />
      <h1>{long ? 'Recommendation' : recommendation.text}</h1>
      {long ? <p className="recommendation-text">{recommendation.text}</p> : null}
      {recommendation.area ? (
        <p>
          In the area <a href={`/areas/${recommendation.area.slug}`}>{recommendation.area.title}</a>
          {recommendation.area.archivedAt ? ' (archived)' : ''}. Added on <DateTime iso={recommendation.createdAt} />.
        </p>
      ) : null}
      {archived ? (
        <div className="notification-banner" role="region" aria-labelledby="archived-title">
          <div className="notification-banner__header">
            <h2 className="notification-banner__title" id="archived-title">
              This recommendation is archived
            </h2>
          </div>
          <div className="notification-banner__content">
            <p>It no longer appears in the lists of recommendations, and it cannot be marked. Its marks, threads and history are kept below, and a moderator can restore it.</p>
          </div>
        </div>
      ) : null}

      <section id="stars" aria-labelledby="stars-heading" className="stars" tabIndex={-1}>
        {!answer ? <StarUpdated /> : null}
        <h2 id="stars-heading">Realistic mechanism?</h2>
        {recommendation.stars.length > 0 ? (
          <div className="recommendation-stars">
            <StarDisclosure recommendation={recommendation} showCount />
          </div>
        ) : (
          <p>Nobody has marked this recommendation as a simple, realistic mechanism yet.</p>
        )}
        {canAct && recommendation.viewerHasStarred ? <WithdrawStarForm recommendationId={recommendation.id} /> : null}
        {canAct && !recommendation.viewerHasStarred && !archived ? <StarForm recommendationId={recommendation.id} answer={answer?.form === 'star' ? answer : undefined} /> : null}
        {!viewer && !archived ? (
          <p>
            <a href={`/sign-in?returnTo=${encodeURIComponent(`/recommendations/${recommendation.id}`)}`}>Sign in to mark this as a realistic mechanism</a>
          </p>
        ) : null}
        {moderator && recommendation.stars.length > 0 ? <RemoveStarForms recommendationId={recommendation.id} stars={recommendation.stars} answer={answer} /> : null}
      </section>

      <section aria-labelledby="discussion-heading" className="discussion">
        <h2 id="discussion-heading">Discussion</h2>
        {recommendation.threads.length > 0 ? (
          <ThreadTable threads={recommendation.threads} totalCount={recommendation.threads.length} pageTitle="this recommendation" scope="this recommendation" />
        ) : (
          <p>There are no threads about this recommendation yet.</p>
        )}
        {recommendation.shownOn && !archived ? (
          <p>
            <a href={`/wiki/${recommendation.shownOn.slug}/threads/new?recommendation=${recommendation.id}`}>Challenge or discuss this recommendation</a>
          </p>
        ) : null}
      </section>

      <RecommendationHistory history={recommendation.history} />
    </article>
  );
}
