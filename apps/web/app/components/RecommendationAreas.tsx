import { count } from '../format';
import { DateTime } from './DateTime';
import { PersonName, type PersonSummary } from './UserLink';

export interface StarView {
  id: number;
  reason: string;
  createdAt: string;
  user: PersonSummary;
}

export interface RecommendationView {
  id: number;
  text: string;
  stars: StarView[];
}

export interface AreaView {
  id: number;
  slug: string;
  title: string;
  description: string;
  recommendations: RecommendationView[];
}

/** The recommendation areas as a page shows them: a heading per area, its recommendations as a list. */
export function RecommendationAreas({ areas }: { areas: AreaView[] }) {
  return (
    <div className="recommendation-areas">
      {areas.map((area) => (
        <section key={area.id} aria-labelledby={`area-${area.slug}`} className="area">
          <h2 id={`area-${area.slug}`}>{area.title}</h2>
          {area.description ? <p>{area.description}</p> : null}
          <ul className="recommendations">
            {area.recommendations.map((recommendation) => (
              <li key={recommendation.id} id={`recommendation-${recommendation.id}`} className="recommendation">
                <span className="recommendation__text">{recommendation.text}</span>
                {recommendation.stars.length > 0 ? <StarDisclosure recommendation={recommendation} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/**
 * A visible star, named "Realistic mechanism, marked by N people" for assistive technology,
 * and a disclosure one keyboard step away with who marked it, when and why.
 */
export function StarDisclosure({ recommendation }: { recommendation: RecommendationView }) {
  const { stars } = recommendation;
  const label = `Realistic mechanism, marked by ${count(stars.length, 'person', 'people')}`;
  return (
    <>
      {' '}
      <span className="star" role="img" aria-label={label} title={label}>
        ★
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
