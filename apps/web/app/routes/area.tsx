import type { ReactNode } from 'react';
import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { canCurate, shortText } from '../curation';
import {
  ARCHIVE_AREA,
  ARCHIVE_RECOMMENDATION,
  DESCRIBE_AREA,
  MARK_RECOMMENDATION_SEEN,
  MERGE_RECOMMENDATIONS,
  MOVE_RECOMMENDATION_TO_AREA,
  PROPOSE_RECOMMENDATION,
  RENAME_AREA,
  REORDER_RECOMMENDATION,
  RESTORE_AREA,
  RESTORE_RECOMMENDATION,
  REWORD_RECOMMENDATION,
} from '../curation-documents';
import { curationMutation, intField } from '../curation.server';
import { graphql, type ResultOf } from '../graphql';
import { errorFor, type FormError, formTitle, summaryItems } from '../forms';
import { field, keep, problem, readForm } from '../forms.server';
import { notFound, query } from '../load-context';
import { useRootData } from '../viewer';
import { WatchForm } from '../components/WatchForm';
import { RealisticFilter, StarDisclosure, useOnlyRealistic } from '../components/RecommendationAreas';
import { StarFields } from '../fragments';
import { LivePageUpdates } from '../live/LivePageUpdates';
import type { Route } from './+types/area';

const AREA = graphql(`
  query AreaPage($slug: String!) {
    area(slug: $slug) {
      id slug title description archived viewerWatching
      recommendations { id text isNew stars { ...StarFields } }
      archivedRecommendations { id text }
      pages { slug title }
    }
    areas { id slug title recommendations { id text } }
  }
`, [StarFields]);

type AreaData = ResultOf<typeof AREA>;
type AreaFound = NonNullable<AreaData['area']>;

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const data = await query(context, AREA, { slug: params.slug });
  if (!data.area) notFound();
  const search = new URL(request.url).searchParams;
  const done = search.get('done');
  const subject = intField(search.get('r') ?? '');
  return { area: data.area, areas: data.areas, done, subject, confirmation: confirmation(done, subject, data.area) };
}

const AREA_DONE: Record<string, string> = {
  renamed: 'The area has been renamed.',
  described: 'The area’s description has been changed.',
  'area-archived': 'The area has been archived. It no longer appears in the lists; this page stays reachable and it can be restored.',
  'area-restored': 'The area has been restored.',
};

/** What the last act did, said once the page shows the result (after post/redirect/get). */
function confirmation(done: string | null, subject: number | null, area: AreaFound): string | null {
  if (!done) return null;
  if (AREA_DONE[done]) return AREA_DONE[done];
  const all = [...area.recommendations, ...area.archivedRecommendations];
  const item = all.find((row) => row.id === subject);
  if (!item) return null;
  const where = area.recommendations.findIndex((row) => row.id === item.id) + 1;
  const place = where > 0 ? ` It is now ${where} of ${area.recommendations.length}.` : '';
  const name = `“${shortText(item.text, 80)}”`;
  switch (done) {
    case 'proposed':
      return `Your recommendation ${name} has been added. It is marked as new until a moderator has seen it.`;
    case 'up':
    case 'down':
    case 'position':
      return `${name} moved.${place}`;
    case 'moved':
      return `${name} moved to this area.${place}`;
    case 'reworded':
      return `The recommendation now reads ${name}.`;
    case 'merged':
      return `Merged into ${name}. Its stars, threads and history are now here.`;
    case 'archived':
      return `${name} has been archived. It no longer appears in the list; its page stays reachable and it can be restored.`;
    case 'restored':
      return `${name} has been restored, at the end of the list.${place}`;
    case 'seen':
      return `${name} is marked as seen.`;
    default:
      return null;
  }
}

/** Each intent: the mutation it runs, its input, and where to go after. */
export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const intent = field(form, 'intent');
  const values = keep(form, ['intent', 'recommendationId', 'areaId', 'targetAreaId', 'intoId', 'text', 'reason', 'position', 'title', 'description']);
  const areaId = intField(field(form, 'areaId'));
  const recommendationId = intField(field(form, 'recommendationId'));
  const back = (done: string, slug: string, id: number | null, anchor: string) =>
    redirect(`/areas/${encodeURIComponent(slug)}?done=${done}${id !== null ? `&r=${id}` : ''}#${anchor}`, 303);
  type Curated<Payload> = Promise<{ result: Payload | null; errors: FormError[] }>;

  const areaAct = async (act: (areaId: number) => Curated<{ readonly area: { readonly slug: string } | null }>, done: string) => {
    if (areaId === null) return problem([{ field: null, message: 'Choose what to change, using the forms on this page' }], values);
    const { result, errors } = await act(areaId);
    if (errors.length > 0) return problem(errors, values);
    return back(done, result!.area!.slug, null, 'area-heading');
  };
  const recAct = async (
    act: (recommendationId: number) => Curated<{ readonly recommendation: { readonly id: number; readonly area: { readonly slug: string } | null } | null }>,
    done: string,
    anchor: (id: number) => string = (id) => `recommendation-${id}`,
  ) => {
    if (recommendationId === null) return problem([{ field: null, message: 'Choose what to change, using the forms on this page' }], values);
    const { result, errors } = await act(recommendationId);
    if (errors.length > 0) return problem(errors, values);
    const survivor = result!.recommendation!;
    return back(done, survivor.area?.slug ?? params.slug, survivor.id, anchor(survivor.id));
  };
  const reason = field(form, 'reason');

  switch (intent) {
    case 'propose': {
      if (areaId === null) return problem([{ field: null, message: 'Choose an area' }], values);
      const { result, errors } = await curationMutation(context, request, PROPOSE_RECOMMENDATION, { input: { areaId, text: field(form, 'text') } });
      if (errors.length > 0) return problem(errors, values);
      const proposed = result!.recommendation!;
      return back('proposed', proposed.area?.slug ?? params.slug, proposed.id, `recommendation-${proposed.id}`);
    }
    case 'rename':
      return areaAct((areaId) => curationMutation(context, request, RENAME_AREA, { input: { areaId, title: field(form, 'title'), reason } }), 'renamed');
    case 'describe':
      return areaAct((areaId) => curationMutation(context, request, DESCRIBE_AREA, { input: { areaId, description: field(form, 'description'), reason } }), 'described');
    case 'archiveArea':
      return areaAct((areaId) => curationMutation(context, request, ARCHIVE_AREA, { input: { areaId, reason } }), 'area-archived');
    case 'restoreArea':
      return areaAct((areaId) => curationMutation(context, request, RESTORE_AREA, { input: { areaId, reason } }), 'area-restored');
    case 'up':
    case 'down':
      return recAct((recommendationId) => curationMutation(context, request, REORDER_RECOMMENDATION, { input: { recommendationId, direction: intent === 'up' ? 'Up' : 'Down' } }), intent);
    case 'position': {
      const position = intField(field(form, 'position'));
      if (position === null || position < 1) return problem([{ field: 'position', message: 'Enter a position as a whole number, 1 or more' }], values);
      return recAct((recommendationId) => curationMutation(context, request, REORDER_RECOMMENDATION, { input: { recommendationId, position } }), 'position');
    }
    case 'moveTo': {
      const target = intField(field(form, 'targetAreaId'));
      if (target === null) return problem([{ field: 'areaId', message: 'Choose the area to move it to' }], values);
      return recAct((recommendationId) => curationMutation(context, request, MOVE_RECOMMENDATION_TO_AREA, { input: { recommendationId, areaId: target, reason } }), 'moved');
    }
    case 'reword':
      return recAct((recommendationId) => curationMutation(context, request, REWORD_RECOMMENDATION, { input: { recommendationId, text: field(form, 'text'), reason } }), 'reworded');
    case 'merge': {
      const into = intField(field(form, 'intoId'));
      if (into === null) return problem([{ field: 'intoId', message: 'Choose the recommendation to merge it into' }], values);
      return recAct((recommendationId) => curationMutation(context, request, MERGE_RECOMMENDATIONS, { input: { recommendationId, intoId: into, reason } }), 'merged');
    }
    case 'archive':
      return recAct((recommendationId) => curationMutation(context, request, ARCHIVE_RECOMMENDATION, { input: { recommendationId, reason } }), 'archived', (id) => `archived-${id}`);
    case 'restore':
      return recAct((recommendationId) => curationMutation(context, request, RESTORE_RECOMMENDATION, { input: { recommendationId } }), 'restored');
    case 'seen':
      return recAct((recommendationId) => curationMutation(context, request, MARK_RECOMMENDATION_SEEN, { input: { recommendationId } }), 'seen');
    default:
      return problem([{ field: null, message: 'Choose what to change, using the forms on this page' }], values);
  }
}

/** The ids of the fields each intent's errors belong to (the error summary links to them). */
function fieldIds(intent: string, id: string): Record<string, string> {
  const r = `r-${id}`;
  switch (intent) {
    case 'propose':
      return { text: 'propose-text', areaId: 'propose-text' };
    case 'rename':
      return { title: 'area-title', reason: 'area-title-reason', areaId: 'area-title' };
    case 'describe':
      return { description: 'area-description', reason: 'area-description-reason', areaId: 'area-description' };
    case 'archiveArea':
    case 'restoreArea':
      return { reason: 'area-archive-reason', areaId: 'area-archive-reason' };
    case 'up':
    case 'down':
    case 'position':
      return { position: `${r}-position`, recommendationId: `${r}-position` };
    case 'moveTo':
      return { areaId: `${r}-target`, reason: `${r}-move-reason`, recommendationId: `${r}-target` };
    case 'reword':
      return { text: `${r}-text`, reason: `${r}-reword-reason`, recommendationId: `${r}-text` };
    case 'merge':
      return { intoId: `${r}-into`, recommendationId: `${r}-into`, reason: `${r}-into` };
    case 'archive':
      return { reason: `${r}-archive-reason`, recommendationId: `${r}-archive-reason` };
    case 'restore':
      return { recommendationId: `restore-${id}` };
    case 'seen':
      return { recommendationId: `${r}-seen` };
    default:
      return { form: 'area-heading' };
  }
}

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

function Hidden({ name, value }: { name: string; value: string | number }) {
  return <input type="hidden" name={name} value={value} />;
}

export default function AreaPage({ loaderData, actionData: answer }: Route.ComponentProps) {
  const { area, areas, subject, confirmation } = loaderData;
  const viewer = useRootData()?.viewer;
  const moderator = canCurate(viewer);
  const signedIn = Boolean(viewer && !viewer.suspended);
  const values = answer?.values ?? {};
  const errors = answer?.errors;
  const intent = values.intent ?? '';
  const failedId = values.recommendationId ?? '';
  const items = summaryItems(errors, fieldIds(intent, failedId));
  /** The errors of one form: the intent that failed, for this recommendation (or the area). */
  const errorsOf = (forIntent: string | string[], recommendationId?: number): FormError[] | undefined => {
    const intents = Array.isArray(forIntent) ? forIntent : [forIntent];
    if (!errors || !intents.includes(intent)) return undefined;
    if (recommendationId !== undefined && failedId !== String(recommendationId)) return undefined;
    return errors;
  };
  const otherAreas = areas.filter((other) => other.id !== area.id);
  // Where a recommendation can be merged: this area's first (even when it is archived), then the others.
  const mergeGroups = [{ id: area.id, title: area.title, recommendations: area.recommendations }, ...otherAreas];
  const count = area.recommendations.length;
  const onlyRealistic = useOnlyRealistic();
  const starred = area.recommendations.filter((recommendation) => (recommendation.stars?.length ?? 0) > 0);
  // Moves are made against the whole current order on the server, so filtering the list is safe.
  const listed = onlyRealistic ? starred : area.recommendations;

  const areaTools: ReactNode = moderator ? (
    <details className="details" id="area-tools" open={['rename', 'describe', 'archiveArea', 'restoreArea'].includes(intent) || undefined}>
      <summary className="details__summary">Change this area</summary>
      <div className="details__text">
        <Form method="post" noValidate key={`rename-${answer?.submission ?? ''}`}>
          <CsrfField />
          <Hidden name="intent" value="rename" />
          <Hidden name="areaId" value={area.id} />
          <TextInput id="area-title" name="title" label="Title" defaultValue={errorsOf('rename') ? values.title : area.title} error={errorFor(errorsOf('rename'), 'title', 'areaId') ?? errorFor(errorsOf('rename'), 'areaId')} width="full" />
          <TextInput id="area-title-reason" name="reason" label="Reason for renaming (optional)" defaultValue={errorsOf('rename') ? values.reason : undefined} error={errorFor(errorsOf('rename'), 'reason')} width="full" />
          <button type="submit" className="button button--secondary">
            Rename area
          </button>
        </Form>
        <Form method="post" noValidate key={`describe-${answer?.submission ?? ''}`}>
          <CsrfField />
          <Hidden name="intent" value="describe" />
          <Hidden name="areaId" value={area.id} />
          <div className={`form-group${errorFor(errorsOf('describe'), 'description', 'areaId') ? ' form-group--error' : ''}`}>
            <label className="label" htmlFor="area-description">
              Description
            </label>
            <ErrorText id="area-description" error={errorFor(errorsOf('describe'), 'description', 'areaId')} />
            <textarea
              className="textarea textarea--short"
              id="area-description"
              name="description"
              rows={3}
              defaultValue={errorsOf('describe') ? values.description : area.description}
              aria-describedby={errorFor(errorsOf('describe'), 'description', 'areaId') ? 'area-description-error' : undefined}
            />
          </div>
          <TextInput id="area-description-reason" name="reason" label="Reason for the change (optional)" defaultValue={errorsOf('describe') ? values.reason : undefined} error={errorFor(errorsOf('describe'), 'reason')} width="full" />
          <button type="submit" className="button button--secondary">
            Change description
          </button>
        </Form>
        <Form method="post" noValidate key={`archive-area-${answer?.submission ?? ''}`}>
          <CsrfField />
          <Hidden name="intent" value={area.archived ? 'restoreArea' : 'archiveArea'} />
          <Hidden name="areaId" value={area.id} />
          <TextInput
            id="area-archive-reason"
            name="reason"
            label={area.archived ? 'Reason for restoring the area (optional)' : 'Reason for archiving the area (optional)'}
            defaultValue={errorsOf(['archiveArea', 'restoreArea']) ? values.reason : undefined}
            error={errorFor(errorsOf(['archiveArea', 'restoreArea']), 'reason', 'areaId') ?? errorFor(errorsOf(['archiveArea', 'restoreArea']), 'areaId')}
            width="full"
          />
          <button type="submit" className={`button ${area.archived ? 'button--secondary' : 'button--warning'}`}>
            {area.archived ? 'Restore area' : 'Archive area'}
          </button>
        </Form>
      </div>
    </details>
  ) : null;

  return (
    <>
      <title>{formTitle(area.title, Boolean(errors?.length))}</title>
      <ErrorSummary items={items} focusKey={answer?.submission} />
      {confirmation && !answer ? (
        <NotificationBanner id="area-changed" title="Success" success>
          <p className="notification-banner__heading">{confirmation}</p>
        </NotificationBanner>
      ) : null}
      <p>
        <a href="/areas">All recommendation areas</a>
      </p>
      <h1 id="area-heading" tabIndex={-1}>
        {area.title}
      </h1>
      {area.archived ? (
        <NotificationBanner id="area-archived">
          <p>This area has been archived: it no longer appears in the lists.</p>
        </NotificationBanner>
      ) : null}
      {area.description ? <p className="lead">{area.description}</p> : null}
      <WatchForm target={{ areaId: area.id }} watching={area.viewerWatching} name={`the area ‘${area.title}’`} />
      {areaTools}

      <h2 id="recommendations">Recommendations</h2>
      <LivePageUpdates key={area.slug} room={`area:${area.slug}`} followStars fallbackFocusId="recommendations" />
      {count === 0 ? <p>There are no recommendations in this area yet.</p> : <RealisticFilter shown={starred.length} total={count} />}
      <ol className="curated-list">
        {listed.map((recommendation) => {
          // Its place in the whole area, whether or not the list is filtered.
          const index = area.recommendations.indexOf(recommendation);
          const id = recommendation.id;
          const r = `r-${id}`;
          const name = shortText(recommendation.text);
          const mine = (which: string | string[]) => errorsOf(which, id);
          const open = Boolean(errors && failedId === String(id)) || subject === id;
          const positionError = errorFor(mine(['up', 'down', 'position']), 'position', 'recommendationId') ?? errorFor(mine(['up', 'down', 'position']), 'recommendationId');
          const targetError = errorFor(mine('moveTo'), 'areaId', 'recommendationId') ?? errorFor(mine('moveTo'), 'recommendationId');
          const intoError = errorFor(mine('merge'), 'intoId', 'recommendationId') ?? errorFor(mine('merge'), 'recommendationId') ?? errorFor(mine('merge'), 'reason');
          return (
            <li key={id} id={`recommendation-${id}`} className="curated-list__item">
              <a href={`/recommendations/${id}`}>{recommendation.text}</a>
              {recommendation.stars?.length ? <StarDisclosure recommendation={{ id, text: recommendation.text, stars: recommendation.stars }} /> : null}
              {recommendation.isNew ? (
                <>
                  {' '}
                  <strong className="tag">New</strong>
                </>
              ) : null}
              {moderator ? (
                <details className="details curation-tools" open={open || undefined}>
                  <summary className="details__summary">Moderator tools for ‘{name}’</summary>
                  <div className="details__text">
                    {recommendation.isNew ? (
                      <Form method="post" noValidate>
                        <CsrfField />
                        <Hidden name="intent" value="seen" />
                        <Hidden name="recommendationId" value={id} />
                        <button type="submit" id={`${r}-seen`} className="button button--secondary button--small">
                          Mark<span className="visually-hidden"> ‘{name}’</span> as seen
                        </button>
                      </Form>
                    ) : null}
                    <h3 className="curation-tools__heading">Order</h3>
                    <Form method="post" noValidate className="button-group">
                      <CsrfField />
                      <Hidden name="recommendationId" value={id} />
                      <button type="submit" name="intent" value="up" className="button button--secondary button--small" disabled={index === 0}>
                        Move<span className="visually-hidden"> ‘{name}’</span> up
                      </button>
                      <button type="submit" name="intent" value="down" className="button button--secondary button--small" disabled={index === count - 1}>
                        Move<span className="visually-hidden"> ‘{name}’</span> down
                      </button>
                    </Form>
                    <Form method="post" noValidate key={`position-${id}-${answer?.submission ?? ''}`} className={`form-group${positionError ? ' form-group--error' : ''}`}>
                      <CsrfField />
                      <Hidden name="intent" value="position" />
                      <Hidden name="recommendationId" value={id} />
                      <label className="label" htmlFor={`${r}-position`}>
                        Position<span className="visually-hidden"> for ‘{name}’</span> (1 to {count})
                      </label>
                      <ErrorText id={`${r}-position`} error={positionError} />
                      <input
                        className={`input input--narrow${positionError ? ' input--error' : ''}`}
                        id={`${r}-position`}
                        name="position"
                        inputMode="numeric"
                        defaultValue={mine(['position']) ? values.position : String(index + 1)}
                        aria-describedby={positionError ? `${r}-position-error` : undefined}
                        aria-invalid={positionError ? true : undefined}
                      />{' '}
                      <button type="submit" className="button button--secondary button--small">
                        Move<span className="visually-hidden"> ‘{name}’ to this position</span>
                      </button>
                    </Form>

                    {otherAreas.length > 0 ? (
                      <Form method="post" noValidate key={`move-${id}-${answer?.submission ?? ''}`}>
                        <CsrfField />
                        <Hidden name="intent" value="moveTo" />
                        <Hidden name="recommendationId" value={id} />
                        <div className={`form-group${targetError ? ' form-group--error' : ''}`}>
                          <label className="label" htmlFor={`${r}-target`}>
                            Move<span className="visually-hidden"> ‘{name}’</span> to another area
                          </label>
                          <ErrorText id={`${r}-target`} error={targetError} />
                          <select className={`select${targetError ? ' select--error' : ''}`} id={`${r}-target`} name="targetAreaId" defaultValue={mine('moveTo') ? values.targetAreaId : ''} aria-describedby={targetError ? `${r}-target-error` : undefined} aria-invalid={targetError ? true : undefined}>
                            <option value="">Choose an area</option>
                            {otherAreas.map((other) => (
                              <option key={other.id} value={other.id}>
                                {other.title}
                              </option>
                            ))}
                          </select>
                        </div>
                        <TextInput id={`${r}-move-reason`} name="reason" label={<>Reason for moving<span className="visually-hidden"> ‘{name}’</span> (optional)</>} defaultValue={mine('moveTo') ? values.reason : undefined} error={errorFor(mine('moveTo'), 'reason')} width="full" />
                        <button type="submit" className="button button--secondary button--small">
                          Move to area<span className="visually-hidden"> (‘{name}’)</span>
                        </button>
                      </Form>
                    ) : null}

                    <Form method="post" noValidate key={`reword-${id}-${answer?.submission ?? ''}`}>
                      <CsrfField />
                      <Hidden name="intent" value="reword" />
                      <Hidden name="recommendationId" value={id} />
                      <div className={`form-group${errorFor(mine('reword'), 'text', 'recommendationId') ? ' form-group--error' : ''}`}>
                        <label className="label" htmlFor={`${r}-text`}>
                          New wording<span className="visually-hidden"> for ‘{name}’</span>
                        </label>
                        <ErrorText id={`${r}-text`} error={errorFor(mine('reword'), 'text', 'recommendationId') ?? errorFor(mine('reword'), 'recommendationId')} />
                        <textarea
                          className={`textarea textarea--short${errorFor(mine('reword'), 'text') ? ' textarea--error' : ''}`}
                          id={`${r}-text`}
                          name="text"
                          rows={3}
                          defaultValue={mine('reword') ? values.text : recommendation.text}
                          aria-describedby={errorFor(mine('reword'), 'text', 'recommendationId') ? `${r}-text-error` : undefined}
                          aria-invalid={errorFor(mine('reword'), 'text') ? true : undefined}
                        />
                      </div>
                      <TextInput id={`${r}-reword-reason`} name="reason" label={<>Reason for rewording<span className="visually-hidden"> ‘{name}’</span></>} required defaultValue={mine('reword') ? values.reason : undefined} error={errorFor(mine('reword'), 'reason')} width="full" />
                      <button type="submit" className="button button--secondary button--small">
                        Reword<span className="visually-hidden"> ‘{name}’</span>
                      </button>
                    </Form>

                    <Form method="post" noValidate key={`merge-${id}-${answer?.submission ?? ''}`}>
                      <CsrfField />
                      <Hidden name="intent" value="merge" />
                      <Hidden name="recommendationId" value={id} />
                      <div className={`form-group${intoError ? ' form-group--error' : ''}`}>
                        <label className="label" htmlFor={`${r}-into`}>
                          Merge<span className="visually-hidden"> ‘{name}’</span> into…
                        </label>
                        <div className="hint" id={`${r}-into-hint`}>
                          Its stars, threads and history move to the one you choose; its page will lead there.
                        </div>
                        <ErrorText id={`${r}-into`} error={intoError} />
                        <select
                          className={`select${intoError ? ' select--error' : ''}`}
                          id={`${r}-into`}
                          name="intoId"
                          defaultValue={mine('merge') ? values.intoId : ''}
                          aria-describedby={`${r}-into-hint${intoError ? ` ${r}-into-error` : ''}`}
                          aria-invalid={intoError ? true : undefined}
                        >
                          <option value="">Choose a recommendation</option>
                          {mergeGroups.map((group) => (
                            <optgroup key={group.id} label={group.title}>
                              {group.recommendations
                                .filter((other) => other.id !== id)
                                .map((other) => (
                                  <option key={other.id} value={other.id}>
                                    {shortText(other.text, 90)}
                                  </option>
                                ))}
                            </optgroup>
                          ))}
                        </select>
                      </div>
                      <button type="submit" className="button button--secondary button--small">
                        Merge<span className="visually-hidden"> ‘{name}’</span>
                      </button>
                    </Form>

                    <Form method="post" noValidate key={`archive-${id}-${answer?.submission ?? ''}`}>
                      <CsrfField />
                      <Hidden name="intent" value="archive" />
                      <Hidden name="recommendationId" value={id} />
                      <TextInput
                        id={`${r}-archive-reason`}
                        name="reason"
                        label={<>Reason for archiving<span className="visually-hidden"> ‘{name}’</span> (optional)</>}
                        defaultValue={mine('archive') ? values.reason : undefined}
                        error={errorFor(mine('archive'), 'reason', 'recommendationId') ?? errorFor(mine('archive'), 'recommendationId')}
                        width="full"
                      />
                      <button type="submit" className="button button--warning button--small">
                        Archive<span className="visually-hidden"> ‘{name}’</span>
                      </button>
                    </Form>
                  </div>
                </details>
              ) : null}
            </li>
          );
        })}
      </ol>

      {area.archivedRecommendations.length > 0 ? (
        <>
          <h2 id="archived">Archived recommendations</h2>
          <p>Hidden from the list; each keeps its page{moderator ? ' and can be restored' : ''}.</p>
          <ul className="list">
            {area.archivedRecommendations.map((recommendation) => {
              const restoreError = errorFor(errorsOf('restore', recommendation.id), 'recommendationId', 'recommendationId');
              return (
                <li key={recommendation.id} id={`archived-${recommendation.id}`}>
                  <a href={`/recommendations/${recommendation.id}`}>{recommendation.text}</a>
                  {moderator ? (
                    <Form method="post" noValidate className={restoreError ? 'form-group form-group--error' : undefined}>
                      <CsrfField />
                      <Hidden name="intent" value="restore" />
                      <Hidden name="recommendationId" value={recommendation.id} />
                      <ErrorText id={`restore-${recommendation.id}`} error={restoreError} />
                      <button type="submit" id={`restore-${recommendation.id}`} className="button button--secondary button--small" aria-describedby={restoreError ? `restore-${recommendation.id}-error` : undefined}>
                        Restore<span className="visually-hidden"> ‘{shortText(recommendation.text)}’</span>
                      </button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}

      <h2 id="pages">Pages filed under this area</h2>
      {area.pages.length === 0 ? (
        <p>No wiki pages are filed under this area.</p>
      ) : (
        <ul className="list">
          {area.pages.map((page) => (
            <li key={page.slug}>
              <a href={`/wiki/${page.slug}`}>{page.title}</a>
            </li>
          ))}
        </ul>
      )}

      {!viewer && !area.archived ? (
        <p>
          <a href={`/sign-in?returnTo=${encodeURIComponent(`/areas/${area.slug}#propose`)}`}>Sign in to propose a recommendation</a>
        </p>
      ) : null}
      {signedIn && !area.archived ? (
        <>
          <h2 id="propose">Propose a recommendation</h2>
          <Form method="post" noValidate key={`propose-${answer?.submission ?? ''}`}>
            <CsrfField />
            <Hidden name="intent" value="propose" />
            <Hidden name="areaId" value={area.id} />
            <div className={`form-group${errorFor(errorsOf('propose'), 'text', 'areaId') ? ' form-group--error' : ''}`}>
              <label className="label" htmlFor="propose-text">
                Your recommendation
              </label>
              <div className="hint" id="propose-text-hint">
                Up to 1000 characters. It appears at once, marked as new until a moderator has seen it.
              </div>
              <ErrorText id="propose-text" error={errorFor(errorsOf('propose'), 'text', 'areaId') ?? errorFor(errorsOf('propose'), 'areaId')} />
              <textarea
                className={`textarea textarea--short${errorFor(errorsOf('propose'), 'text') ? ' textarea--error' : ''}`}
                id="propose-text"
                name="text"
                rows={3}
                defaultValue={errorsOf('propose') ? values.text : undefined}
                aria-describedby={`propose-text-hint${errorFor(errorsOf('propose'), 'text', 'areaId') ? ' propose-text-error' : ''}`}
                aria-invalid={errorFor(errorsOf('propose'), 'text') ? true : undefined}
              />
            </div>
            <button type="submit" className="button">
              Propose
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
