import { Form, useLocation, useSearchParams } from 'react-router';
import { count } from '../format';
import { DateTime } from './DateTime';
import { PersonName } from './UserLink';
import type { AreaView, RecommendationView, StarView } from '../fragments';

export type { AreaView, RecommendationView, StarView };

/**
 * The recommendation areas as a page shows them: a heading per area, its recommendations as a list,
 * each linking to its own page. "Only realistic mechanisms" (`?realistic=1`, a plain GET form, so it
 * works without JavaScript) shows only the starred ones; links to the CSV and JSON exports follow.
 */
export function RecommendationAreas({ areas }: { areas: AreaView[] }) {
  const onlyRealistic = useOnlyRealistic();
  const total = areas.reduce((sum, area) => sum + area.recommendations.length, 0);
  const shown = onlyRealistic ? areas.reduce((sum, area) => sum + area.recommendations.filter((r) => r.stars.length > 0).length, 0) : total;
  return (
    <div className="recommendation-areas">
      <RealisticFilter shown={shown} total={total} />
      {areas.map((area) => {
        const recommendations = onlyRealistic ? area.recommendations.filter((recommendation) => recommendation.stars.length > 0) : area.recommendations;
        return (
          <section key={area.id} aria-labelledby={`area-${area.slug}`} className="area">
            <h2 id={`area-${area.slug}`}>{area.title}</h2>
            {area.description ? <p>{area.description}</p> : null}
            {recommendations.length > 0 ? (
              <ul className="recommendations">
                {recommendations.map((recommendation) => (
                  <li key={recommendation.id} id={`recommendation-${recommendation.id}`} className="recommendation">
                    <a className="recommendation__text" href={`/recommendations/${recommendation.id}`}>
                      {recommendation.text}
                    </a>
                    {recommendation.stars.length > 0 ? <StarDisclosure recommendation={recommendation} /> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">{onlyRealistic ? 'No recommendation in this area is marked as a realistic mechanism yet.' : 'There are no recommendations in this area yet.'}</p>
            )}
          </section>
        );
      })}
      <p className="downloads">
        <a href="/areas.csv" download>
          Download the recommendations (CSV)
        </a>
        {' · '}
        <a href="/areas.json" download>
          Download the recommendations (JSON)
        </a>
      </p>
    </div>
  );
}

/** Whether the address asks for "Only realistic mechanisms" (`?realistic=1`). */
export function useOnlyRealistic(): boolean {
  const [searchParams] = useSearchParams();
  return searchParams.get('realistic') === '1';
}

/**
 * "Only realistic mechanisms": a plain GET form (so it works without JavaScript) for any list of
 * recommendations, and while it is on, how many of how many are shown with a way back to all.
 */
export function RealisticFilter({ shown, total }: { shown: number; total: number }) {
  const location = useLocation();
  const onlyRealistic = useOnlyRealistic();
  return (
    <>
      <Form method="get" action={location.pathname} className="filter-form recommendation-filter" role="search" aria-label="Filter recommendations" key={location.search}>
        <div className="checkbox">
          <input className="checkbox__input" type="checkbox" id="realistic" name="realistic" value="1" defaultChecked={onlyRealistic} />
          <label className="checkbox__label" htmlFor="realistic">
            Only realistic mechanisms
          </label>
        </div>
        <div className="filter-form__actions">
          <button type="submit" className="button button--secondary">
            Apply
          </button>
        </div>
      </Form>
      {onlyRealistic ? (
        <p className="inset-text" id="recommendation-filter-status">
          Showing {count(shown, 'recommendation', 'recommendations')} marked as realistic mechanisms, of {total}. <a href={location.pathname}>Show every recommendation</a>
        </p>
      ) : null}
    </>
  );
}

/**
 * A visible star, named "Realistic mechanism, marked by N people" for assistive technology,
 * and a disclosure one keyboard step away with who marked it, when and why.
 */
export function StarDisclosure({ recommendation, showCount = false }: { recommendation: RecommendationView; showCount?: boolean }) {
  const { stars } = recommendation;
  const label = `Realistic mechanism, marked by ${count(stars.length, 'person', 'people')}`;
  return (
    <>
      {' '}
      {/* With showCount the words are visible too; inside role="img" they are not read twice. */}
      <span className="star" role="img" aria-label={label} title={label}>
        ★{showCount ? <span className="star__count"> {label}</span> : null}
      </span>
      <details className="star-details">
        <summary>
          Why it is a realistic mechanism<span className="visually-hidden">: {recommendation.text}</span>
        </summary>
        {stars.map((star) => (
          <p key={star.id} className="star-details__reason">
            Marked by <PersonName person={star.user} /> on <DateTime iso={star.createdAt} />: “{star.reason}”
          </p>
        ))}
      </details>
    </>
  );
}
