import type { RecommendationData } from '../../recommendation.server';
import { DateTime } from '../DateTime';
import { describeChange } from '../LatestUpdate';
import { PersonName } from '../UserLink';

/** The recommendation's changes, newest first: who, when, what, and the note they gave. */
export function RecommendationHistory({ history }: { history: RecommendationData['history'] }) {
  return (
    <section aria-labelledby="history-heading" className="recommendation-history">
      <h2 id="history-heading">History</h2>
      {history.edges.length > 0 ? (
        <ol className="history-list">
          {history.edges.map(({ node }) => (
            <li key={node.id}>
              <PersonName person={node.actor} />, <DateTime iso={node.createdAt} /> — {describeChange(node)}
              {node.note ? <> — “{node.note}”</> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>Nothing has changed since the recommendation was added.</p>
      )}
      {history.totalCount > history.edges.length ? (
        <p className="hint">
          Showing the newest {history.edges.length} of {history.totalCount} changes.
        </p>
      ) : null}
    </section>
  );
}
