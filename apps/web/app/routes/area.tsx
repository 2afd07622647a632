import { NotificationBanner } from '../components/NotificationBanner';
import { AreaTools } from '../components/area/AreaTools';
import { ArchivedRecommendations } from '../components/area/ArchivedRecommendations';
import { areaFieldIds, areaForms } from '../components/area/area-forms';
import { ProposeForm } from '../components/area/ProposeForm';
import { RecommendationTools } from '../components/area/RecommendationTools';
import { ErrorSummary } from '../components/ErrorSummary';
import { RealisticFilter, StarDisclosure, useOnlyRealistic } from '../components/RecommendationAreas';
import { WatchForm } from '../components/WatchForm';
import { areaAction, areaConfirmation } from '../area.server';
import { canCurate } from '../curation';
import { formTitle, summaryItems } from '../forms';
import { intField, readForm } from '../forms.server';
import { StarFields } from '../fragments';
import { graphql } from '../graphql';
import { LivePageUpdates } from '../live/LivePageUpdates';
import { notFound, query } from '../load-context';
import { useRootData } from '../viewer';
import type { Route } from './+types/area';

const AREA = graphql(
  `
    query AreaPage($slug: String!) {
      area(slug: $slug) {
        id
        slug
        title
        description
        archived
        viewerWatching
        recommendations {
          id
          text
          isNew
          stars {
            ...StarFields
          }
        }
        archivedRecommendations {
          id
          text
        }
        pages {
          slug
          title
        }
      }
      areas {
        id
        slug
        title
        recommendations {
          id
          text
        }
      }
    }
  `,
  [StarFields],
);

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const data = await query(context, AREA, { slug: params.slug });
  if (!data.area) notFound();
  const search = new URL(request.url).searchParams;
  const done = search.get('done');
  const subject = intField(search.get('r') ?? '');
  return { area: data.area, areas: data.areas, done, subject, confirmation: areaConfirmation(done, subject, data.area) };
}

/** Each form sends an `intent`: its mutation, and where to go after, are in area.server.ts. */
export async function action({ params, request, context }: Route.ActionArgs) {
  return areaAction(context, request, await readForm(request, context), params.slug);
}

export default function AreaPage({ loaderData, actionData: answer }: Route.ComponentProps) {
  const { area, areas, subject, confirmation } = loaderData;
  const viewer = useRootData()?.viewer;
  const moderator = canCurate(viewer);
  const signedIn = Boolean(viewer && !viewer.suspended);
  const forms = areaForms(answer);
  const errors = answer?.errors;
  const failedId = forms.values.recommendationId ?? '';
  const items = summaryItems(errors, areaFieldIds(forms.values));
  const otherAreas = areas.filter((other) => other.id !== area.id);
  // Where a recommendation can be merged: this area's first (even when it is archived), then the others.
  const targets = { otherAreas, mergeGroups: [{ id: area.id, title: area.title, recommendations: area.recommendations }, ...otherAreas] };
  const count = area.recommendations.length;
  const onlyRealistic = useOnlyRealistic();
  const starred = area.recommendations.filter((recommendation) => (recommendation.stars?.length ?? 0) > 0);
  // Moves are made against the whole current order on the server, so filtering the list is safe.
  const listed = onlyRealistic ? starred : area.recommendations;

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
      {moderator ? <AreaTools area={area} forms={forms} /> : null}

      <h2 id="recommendations">Recommendations</h2>
      <LivePageUpdates key={area.slug} room={`area:${area.slug}`} followStars fallbackFocusId="recommendations" />
      {count === 0 ? <p>There are no recommendations in this area yet.</p> : <RealisticFilter shown={starred.length} total={count} />}
      <ol className="curated-list">
        {listed.map((recommendation) => {
          const id = recommendation.id;
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
                <RecommendationTools
                  recommendation={recommendation}
                  index={area.recommendations.indexOf(recommendation)}
                  count={count}
                  open={Boolean(errors && failedId === String(id)) || subject === id}
                  targets={targets}
                  forms={forms}
                />
              ) : null}
            </li>
          );
        })}
      </ol>

      {area.archivedRecommendations.length > 0 ? <ArchivedRecommendations recommendations={area.archivedRecommendations} moderator={moderator} forms={forms} /> : null}

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
      {signedIn && !area.archived ? <ProposeForm areaId={area.id} forms={forms} /> : null}
    </>
  );
}
