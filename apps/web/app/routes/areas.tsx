import { Form, redirect } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { TextInput } from '../components/TextInput';
import { PersonName } from '../components/UserLink';
import { canCurate, shortText } from '../curation';
import { CREATE_AREA, MOVE_AREA } from '../curation-documents';
import { errorFor, formTitle, summaryItems } from '../forms';
import { field, formMutation, intField, keep, problem, readForm } from '../forms.server';
import { query } from '../load-context';
import { useRootData } from '../viewer';
import { ViewerFields } from '../fragments';
import type { Route } from './+types/areas';
import { graphql, type ResultOf } from '../graphql';

const AREAS = graphql(`
  query AreasList { areas { id slug title description recommendationCount } }
`);

const VIEWER = graphql(`
  query AreasViewer { viewer { ...ViewerFields } }
`, [ViewerFields]);

const NEW = graphql(`
  query NewProposals {
    newRecommendations { id text createdAt area { slug title } proposedBy { username displayName } }
    everyArea: areas(includeArchived: true) { slug title archived }
  }
`);

type AreaRow = ResultOf<typeof AREAS>['areas'][number];

export async function loader({ request, context }: Route.LoaderArgs) {
  const { areas } = await query(context, AREAS);
  const { viewer } = await query(context, VIEWER, {}, { cacheable: false, request });
  const curation = canCurate(viewer)
    ? await query(context, NEW, {}, { cacheable: false, request })
    : null;
  const proposals = curation?.newRecommendations ?? [];
  const archived = curation?.everyArea.filter((row) => row.archived) ?? [];
  const search = new URL(request.url).searchParams;
  const done = search.get('done');
  const area = areas.find((row) => row.slug === search.get('area'));
  return { areas, proposals, archived, confirmation: area ? confirmation(done, area, areas) : null };
}

function confirmation(done: string | null, area: AreaRow, areas: AreaRow[]): string | null {
  const place = `It is now ${areas.indexOf(area) + 1} of ${areas.length}.`;
  switch (done) {
    case 'up':
      return `“${area.title}” moved up. ${place}`;
    case 'down':
      return `“${area.title}” moved down. ${place}`;
    case 'created':
      return `The area “${area.title}” has been created.`;
    default:
      return null;
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const intent = field(form, 'intent');
  const values = keep(form, ['intent', 'areaId', 'title', 'description']);
  if (intent === 'create') {
    const created = await formMutation(context, request, CREATE_AREA, {
      input: { title: field(form, 'title'), description: field(form, 'description') },
    });
    if (!created.ok) return problem(created.errors, values);
    return redirect(`/areas?done=created&area=${encodeURIComponent(created.payload.area!.slug)}#area-${created.payload.area!.slug}`, 303);
  }
  const areaId = intField(field(form, 'areaId'));
  if ((intent !== 'up' && intent !== 'down') || areaId === null) {
    return problem([{ field: null, message: 'Choose what to change, using the buttons by each area' }], values);
  }
  const moved = await formMutation(context, request, MOVE_AREA, {
    input: { areaId, direction: intent === 'up' ? 'Up' : 'Down' },
  });
  if (!moved.ok) return problem(moved.errors, values);
  return redirect(`/areas?done=${intent}&area=${encodeURIComponent(moved.payload.area!.slug)}#area-${moved.payload.area!.slug}`, 303);
}

export default function Areas({ loaderData, actionData }: Route.ComponentProps) {
  const { areas, proposals, archived, confirmation } = loaderData;
  const answer = actionData;
  const values = answer?.values ?? {};
  const creating = values.intent === 'create';
  const errors = answer?.errors;
  const items = creating ? summaryItems(errors, { title: 'new-area-title', description: 'new-area-description' }) : summaryItems(errors, { form: values.areaId ? `area-${values.areaId}-up` : 'areas-heading' });
  const moderator = canCurate(useRootData()?.viewer);

  return (
    <>
      <title>{formTitle('Recommendation areas', Boolean(errors?.length))}</title>
      <ErrorSummary items={items} focusKey={answer?.submission} />
      {confirmation && !answer ? (
        <NotificationBanner id="areas-changed" title="Success" success>
          <p className="notification-banner__heading">{confirmation}</p>
        </NotificationBanner>
      ) : null}
      <h1 id="areas-heading" tabIndex={-1}>
        Recommendation areas
      </h1>
      <p>The areas of the masterclass’s recommendations, in order. Each has its own page with its recommendations and the wiki pages filed under it.</p>
      <ol className="area-list">
        {areas.map((area, index) => {
          const rowError = !creating && values.areaId === String(area.id) ? errorFor(errors, 'areaId', 'areaId') ?? errorFor(errors, 'position') : undefined;
          return (
            <li key={area.id} id={`area-${area.slug}`} className="area-list__item">
              <h2 className="area-list__title">
                <a href={`/areas/${area.slug}`}>{area.title}</a>
              </h2>
              <p className="area-list__count">{area.recommendationCount === 1 ? '1 recommendation' : `${area.recommendationCount} recommendations`}</p>
              {area.description ? <p>{area.description}</p> : null}
              {moderator ? (
                <Form method="post" action="/areas" noValidate className={`button-group${rowError ? ' form-group--error' : ''}`}>
                  <CsrfField />
                  <input type="hidden" name="areaId" value={area.id} />
                  {rowError ? (
                    <p className="error-message" id={`area-${area.id}-error`}>
                      <span className="visually-hidden">Error:</span> {rowError}
                    </p>
                  ) : null}
                  <button type="submit" name="intent" value="up" id={`area-${area.id}-up`} className="button button--secondary button--small" disabled={index === 0}>
                    Move<span className="visually-hidden"> ‘{shortText(area.title)}’</span> up
                  </button>
                  <button type="submit" name="intent" value="down" id={`area-${area.id}-down`} className="button button--secondary button--small" disabled={index === areas.length - 1}>
                    Move<span className="visually-hidden"> ‘{shortText(area.title)}’</span> down
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ol>
      {moderator ? (
        <>
          <h2 id="new-proposals">New proposals</h2>
          {proposals.length === 0 ? (
            <p>No proposals are waiting to be seen.</p>
          ) : (
            <ul className="list">
              {proposals.map((proposal) => (
                <li key={proposal.id}>
                  <a href={proposal.area ? `/areas/${proposal.area.slug}#recommendation-${proposal.id}` : `/recommendations/${proposal.id}`}>{proposal.text}</a>
                  {proposal.area ? ` in ${proposal.area.title}` : null}
                  {proposal.proposedBy ? (
                    <>
                      {', proposed by '}
                      <PersonName person={proposal.proposedBy} />
                    </>
                  ) : null}
                  {', '}
                  <DateTime iso={proposal.createdAt} />
                </li>
              ))}
            </ul>
          )}
          {archived.length > 0 ? (
            <>
              <h2 id="archived-areas">Archived areas</h2>
              <p>Hidden from the lists. Each keeps its page, where a moderator can restore it.</p>
              <ul className="list">
                {archived.map((row) => (
                  <li key={row.slug}>
                    <a href={`/areas/${row.slug}`}>{row.title}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2 id="create-area">Create an area</h2>
          <Form method="post" action="/areas" noValidate key={answer?.submission}>
            <CsrfField />
            <input type="hidden" name="intent" value="create" />
            <TextInput id="new-area-title" name="title" label="Title" required defaultValue={creating ? values.title : undefined} error={creating ? errorFor(errors, 'title', 'title') : undefined} width="full" />
            <TextInput id="new-area-description" name="description" label="Description (optional)" defaultValue={creating ? values.description : undefined} error={creating ? errorFor(errors, 'description') : undefined} width="full" />
            <button type="submit" className="button">
              Create area
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
