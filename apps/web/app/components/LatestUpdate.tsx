import { count } from '../format';
import { DateTime } from './DateTime';
import { PersonName, type PersonSummary } from './UserLink';

export interface ChangeView {
  kind: 'Revision' | 'Stars';
  note: string;
  createdAt: string;
  recommendationCount: number;
  actor: PersonSummary;
  revision: { wordsAdded: number; wordsRemoved: number } | null;
}

/** What the change did, in plain words: "6 words added, 2 removed", "6 recommendations marked as realistic mechanisms". */
export function describeChange(change: ChangeView): string {
  if (change.kind === 'Stars') {
    const n = change.recommendationCount;
    return `${count(n, 'recommendation', 'recommendations')} marked as ${n === 1 ? 'a realistic mechanism' : 'realistic mechanisms'}`;
  }
  const added = change.revision?.wordsAdded ?? 0;
  const removed = change.revision?.wordsRemoved ?? 0;
  return removed > 0 ? `${count(added, 'word', 'words')} added, ${removed} removed` : `${count(added, 'word', 'words')} added`;
}

/** "Latest page update: made by X, <time> (about this update: …) — what changed". */
export function LatestUpdate({ change }: { change: ChangeView }) {
  return (
    <p className="latest-update">
      Latest page update: made by <PersonName person={change.actor} />, <DateTime iso={change.createdAt} />
      {change.note ? <> (about this update: {change.note})</> : null} — {describeChange(change)}
    </p>
  );
}
