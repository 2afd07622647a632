import { count } from '../format';
import { DateTime } from './DateTime';
import { PersonName } from './UserLink';
import type { ChangeDetailsView, ChangeView, LatestChangeView } from '../fragments';
import type { graphql } from '../graphql';

export type { ChangeDetailsView, ChangeView };

export type ChangeKind = ReturnType<typeof graphql.scalar<'ChangeKind'>>;

function words(change: ChangeView): string {
  const added = change.revision?.wordsAdded ?? 0;
  const removed = change.revision?.wordsRemoved ?? 0;
  return removed > 0 ? `${count(added, 'word', 'words')} added, ${removed} removed` : `${count(added, 'word', 'words')} added`;
}

/** What the change did, in plain words: "6 words added, 2 removed", "6 recommendations marked as realistic mechanisms". */
export function describeChange(change: ChangeView): string {
  const details = change.details;
  switch (change.kind) {
    case 'Stars': {
      const n = change.recommendationCount;
      return `${count(n, 'recommendation', 'recommendations')} marked as ${n === 1 ? 'a realistic mechanism' : 'realistic mechanisms'}`;
    }
    case 'Created':
      return `page created — ${words(change)}`;
    case 'Renamed':
      return details?.fromTitle && details.toTitle ? `renamed from “${details.fromTitle}” to “${details.toTitle}”` : 'renamed';
    case 'Deleted':
      return 'page deleted';
    case 'Restored':
      return 'page restored';
    case 'Featured':
      return details?.featured === false ? 'no longer featured' : 'featured';
    case 'StarWithdrawn':
      return `withdrew their mark from “${details?.recommendationText ?? 'a recommendation'}”`;
    case 'StarRemoved':
      return `removed ${details?.starOwnerUsername ?? 'someone'}’s mark from “${details?.recommendationText ?? 'a recommendation'}”`;
    case 'RecommendationProposed':
      return `proposed “${details?.recommendationText ?? 'a recommendation'}”${details?.areaTitle ? ` in ${details.areaTitle}` : ''}`;
    case 'RecommendationReworded':
      return `reworded “${details?.fromText ?? 'a recommendation'}” to “${details?.recommendationText ?? ''}”`;
    case 'RecommendationMoved':
      return `moved “${details?.recommendationText ?? 'a recommendation'}” from ${details?.fromAreaTitle ?? 'one area'} to ${details?.toAreaTitle ?? 'another'}`;
    case 'RecommendationReordered':
      return `reordered recommendations${details?.areaTitle ? ` in ${details.areaTitle}` : ''}`;
    case 'RecommendationsMerged':
      return `merged “${details?.fromText ?? 'a recommendation'}” into “${details?.recommendationText ?? 'another'}”`;
    case 'RecommendationArchived':
      return `archived “${details?.recommendationText ?? 'a recommendation'}”`;
    case 'RecommendationRestored':
      return `restored “${details?.recommendationText ?? 'a recommendation'}”`;
    case 'AreaChanged':
      return `${details?.areaAction ?? 'changed'} the area ${details?.areaTitle ? `“${details.areaTitle}”` : ''}`.trim();
    default: {
      const how = details?.revertedToRevisionId ? 'reverted to an earlier revision — ' : details?.merged ? 'merged with edits saved meanwhile — ' : '';
      return how + words(change);
    }
  }
}

/**
 * "Latest page update: made by X, <time> (about this update: …) — what changed — view changes —
 * complete history" (the links when the page's address is given).
 */
export function LatestUpdate({ change, pageSlug }: { change: LatestChangeView; pageSlug?: string }) {
  const revision = change.revision;
  const compare = pageSlug && revision?.id && revision.previousRevisionId ? `/wiki/${pageSlug}/compare?from=${revision.previousRevisionId}&to=${revision.id}` : null;
  return (
    <p className="latest-update">
      Latest page update: made by <PersonName person={change.actor} />, <DateTime iso={change.createdAt} />
      {change.note ? <> (about this update: {change.note})</> : null} — {describeChange(change)}
      {compare ? (
        <>
          {' — '}
          <a href={compare}>view changes</a>
        </>
      ) : null}
      {pageSlug ? (
        <>
          {' — '}
          <a href={`/wiki/${pageSlug}/history`}>complete history</a>
        </>
      ) : null}
    </p>
  );
}
