import { data, Form, redirect, useLocation, useSearchParams } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { describeChange } from '../components/LatestUpdate';
import { NotificationBanner } from '../components/NotificationBanner';
import { StarDisclosure, type StarView } from '../components/RecommendationAreas';
import { ChangeSummaryFields, StarFields } from '../fragments';
import { TextInput } from '../components/TextInput';
import { ThreadTable } from '../components/ThreadTable';
import { ThreadRowFields } from '../fragments';
import { PersonName } from '../components/UserLink';
import { errorFor, summaryItems, type FormError } from '../forms';
import { field, formMutation, readForm } from '../forms.server';
import { notFound, query } from '../load-context';
import { useRootData } from '../viewer';
import type { Route } from './+types/recommendation';
import { graphql } from '../graphql';

/** Longer texts than this are shown under an h1 of "Recommendation", so the heading stays a heading. */
const HEADING_LENGTH = 120;
/** As the server's STAR_LIMITS.reasonLength. */
const REASON_LENGTH = 1000;

const RECOMMENDATION_QUERY = graphql(`
  query Recommendation($id: Int!) {
    recommendation(id: $id) {
      id
      text
      status
      createdAt
      viewerHasStarred
      area { slug title archivedAt }
      mergedInto { id }
      shownOn { slug }
      stars { ...StarFields }
      threads { ...ThreadRowFields }
      history(first: 50) {
        totalCount
        edges {
          node {
            id ...ChangeSummaryFields
            revision { id }
          }
        }
      }
    }
  }
`, [ThreadRowFields, StarFields, ChangeSummaryFields]);

export async function loader({ params, context }: Route.LoaderArgs) {
  const id = Number(params.id);
  if (!/^\d+$/.test(params.id ?? '') || !Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) notFound();
  const { recommendation } = await query(context, RECOMMENDATION_QUERY, { id });
  if (!recommendation) notFound();
  // Merged: its stars, threads and history live on the one it was merged into.
  if (recommendation.status === 'Merged' && recommendation.mergedInto) throw redirect(`/recommendations/${recommendation.mergedInto.id}`, 301);
  return { recommendation };
}

const MARK = graphql(`mutation MarkRealistic($input: MarkRealisticInput!) { markRealistic(input: $input) { errors { field message code } } }`);
const WITHDRAW = graphql(`mutation WithdrawStar($input: WithdrawStarInput!) { withdrawStar(input: $input) { errors { field message code } } }`);
const REMOVE = graphql(`mutation RemoveStar($input: RemoveStarInput!) { removeStar(input: $input) { errors { field message code } } }`);

interface Answer {
  errors: FormError[];
  /** Which form the errors belong to: "star", "withdraw" or "remove-<starId>". */
  form: string;
  values: { reason: string };
  submission: string;
}

/** The three star forms: mark (with a reason), withdraw my mark, and a moderator's "remove this mark". */
export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const recommendationId = Number(params.id);
  const intent = field(form, 'intent');
  const reason = field(form, 'reason');
  let errors: FormError[];
  let which = intent;
  let updated = '';
  if (intent === 'star') {
    ({ errors } = await formMutation(context, request, MARK, { input: { recommendationId, reason } }));
    updated = 'starred';
  } else if (intent === 'withdraw') {
    ({ errors } = await formMutation(context, request, WITHDRAW, { input: { recommendationId } }));
    updated = 'withdrawn';
  } else if (intent === 'remove' && /^\d+$/.test(field(form, 'starId'))) {
    const starId = Number(field(form, 'starId'));
    which = `remove-${starId}`;
    ({ errors } = await formMutation(context, request, REMOVE, { input: { starId, reason } }));
    updated = 'removed';
  } else {
    errors = [{ field: null, message: 'That is not something this page can do' }];
  }
  if (errors.length > 0) {
    return data({ errors, form: which, values: { reason }, submission: crypto.randomUUID() } satisfies Answer, { status: 400 });
  }
  return redirect(`/recommendations/${recommendationId}?updated=${updated}#stars`, 303);
}

const UPDATED: Record<string, string> = {
  starred: 'You marked this recommendation as a realistic mechanism.',
  withdrawn: 'Your mark has been withdrawn.',
  removed: 'The mark has been removed. The reason is in the history and the moderation log.',
};

export default function RecommendationPage({ loaderData, actionData }: Route.ComponentProps) {
  const { recommendation } = loaderData;
  const answer = actionData;
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const updated = searchParams.get('updated');
  const viewer = useRootData()?.viewer;
  const canAct = Boolean(viewer && !viewer.suspended);
  const moderator = canAct && (viewer!.role === 'Moderator' || viewer!.role === 'Admin');
  const archived = recommendation.status === 'Archived';
  const long = recommendation.text.length > HEADING_LENGTH;
  const fieldId = answer?.form.startsWith('remove-') ? `remove-reason-${answer.form.slice('remove-'.length)}` : 'reason';
  const heading = long ? 'Recommendation' : recommendation.text;

  return (
    <article className="recommendation-page">
      <title>{`${answer?.errors.length ? 'Error: ' : ''}${long ? `${recommendation.text.slice(0, 60)}…` : recommendation.text} – Recommendation – Commonplace`}</title>
      <ErrorSummary items={summaryItems(answer?.errors, { reason: fieldId })} focusKey={answer?.submission} />
      <h1>{heading}</h1>
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
        {updated && UPDATED[updated] && !answer ? (
          // A new banner for each act (keyed by the navigation), so it takes focus again after the button used has gone.
          <NotificationBanner key={location.key} id="star-updated" title="Success" success>
            <p className="notification-banner__heading">{UPDATED[updated]}</p>
          </NotificationBanner>
        ) : null}
        <h2 id="stars-heading">Realistic mechanism?</h2>
        {recommendation.stars.length > 0 ? (
          <div className="recommendation-stars">
            <StarDisclosure recommendation={recommendation} showCount />
          </div>
        ) : (
          <p>Nobody has marked this recommendation as a simple, realistic mechanism yet.</p>
        )}
        {canAct && recommendation.viewerHasStarred ? (
          <Form method="post" action={`/recommendations/${recommendation.id}`} className="form">
            <CsrfField />
            <button type="submit" className="button button--secondary" name="intent" value="withdraw">
              Withdraw my mark
            </button>
          </Form>
        ) : null}
        {canAct && !recommendation.viewerHasStarred && !archived ? (
          <StarForm recommendationId={recommendation.id} answer={answer?.form === 'star' ? answer : undefined} />
        ) : null}
        {!viewer && !archived ? (
          <p>
            <a href={`/sign-in?returnTo=${encodeURIComponent(`/recommendations/${recommendation.id}`)}`}>Sign in to mark this as a realistic mechanism</a>
          </p>
        ) : null}
        {moderator && recommendation.stars.length > 0 ? <RemoveForms recommendationId={recommendation.id} stars={recommendation.stars} answer={answer} /> : null}
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

      <section aria-labelledby="history-heading" className="recommendation-history">
        <h2 id="history-heading">History</h2>
        {recommendation.history.edges.length > 0 ? (
          <ol className="history-list">
            {recommendation.history.edges.map(({ node }) => (
              <li key={node.id}>
                <PersonName person={node.actor} />, <DateTime iso={node.createdAt} /> — {describeChange(node)}
                {node.note ? <> — “{node.note}”</> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>Nothing has changed since the recommendation was added.</p>
        )}
        {recommendation.history.totalCount > recommendation.history.edges.length ? (
          <p className="hint">
            Showing the newest {recommendation.history.edges.length} of {recommendation.history.totalCount} changes.
          </p>
        ) : null}
      </section>
    </article>
  );
}

function StarForm({ recommendationId, answer }: { recommendationId: number; answer?: Answer }) {
  const error = errorFor(answer?.errors, 'reason', 'reason');
  const describedBy = ['reason-hint', error ? 'reason-error' : null].filter(Boolean).join(' ');
  return (
    <Form method="post" action={`/recommendations/${recommendationId}`} className="form" noValidate key={answer?.submission}>
      <CsrfField />
      <div className={`form-group${error ? ' form-group--error' : ''}`}>
        <label className="label" htmlFor="reason">
          Why is this a simple, realistic mechanism?
        </label>
        <div className="hint" id="reason-hint">
          Required. Up to {REASON_LENGTH} characters, shown with your name.
        </div>
        {error ? (
          <p className="error-message" id="reason-error">
            <span className="visually-hidden">Error:</span> {error}
          </p>
        ) : null}
        <textarea
          className={`textarea${error ? ' textarea--error' : ''}`}
          id="reason"
          name="reason"
          rows={4}
          defaultValue={answer?.values.reason}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          aria-required
        />
      </div>
      <button type="submit" className="button" name="intent" value="star">
        Mark as a realistic mechanism
      </button>
    </Form>
  );
}

/** One form per mark, each with its own reason box and a button named after whose mark it removes. */
function RemoveForms({ recommendationId, stars, answer }: { recommendationId: number; stars: StarView[]; answer?: Answer }) {
  return (
    <div className="moderator-tools">
      <h3>Remove a mark (moderators)</h3>
      <p>Removing a mark is logged with your reason, in the history below and the moderation log.</p>
      {stars.map((star) => {
        const own = answer?.form === `remove-${star.id}` ? answer : undefined;
        return (
          <Form key={`${star.id}-${own?.submission ?? ''}`} method="post" action={`/recommendations/${recommendationId}`} className="form" noValidate>
            <CsrfField />
            <input type="hidden" name="starId" value={star.id} />
            <TextInput
              id={`remove-reason-${star.id}`}
              name="reason"
              label={`Reason for removing ${star.user.username}’s mark`}
              defaultValue={own?.values.reason}
              error={errorFor(own?.errors, 'reason', 'reason')}
              width="full"
            />
            <button type="submit" className="button button--warning" name="intent" value="remove">
              Remove {star.user.username}’s mark
            </button>
          </Form>
        );
      })}
    </div>
  );
}
