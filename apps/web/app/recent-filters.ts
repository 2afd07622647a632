import type { ChangeKind } from './components/LatestUpdate';

/*
 * The filters of Recent changes (/recent) and of its Atom feed (/recent.atom), which share them:
 * a module of their own, so neither route pulls the other's code.
 */

/** The kinds of change, as the filter offers them; `value` is what the address carries. */
export const KIND_OPTIONS: { value: string; kind: ChangeKind; label: string }[] = [
  { value: 'created', kind: 'Created', label: 'New pages' },
  { value: 'revision', kind: 'Revision', label: 'Edits to the text' },
  { value: 'renamed', kind: 'Renamed', label: 'Renamed pages' },
  { value: 'deleted', kind: 'Deleted', label: 'Deleted pages' },
  { value: 'restored', kind: 'Restored', label: 'Restored pages' },
  { value: 'featured', kind: 'Featured', label: 'Featured, or no longer featured' },
  { value: 'stars', kind: 'Stars', label: 'Recommendations marked as realistic mechanisms' },
  { value: 'star-withdrawn', kind: 'StarWithdrawn', label: 'Marks withdrawn' },
  { value: 'star-removed', kind: 'StarRemoved', label: 'Marks removed by a moderator' },
  { value: 'proposed', kind: 'RecommendationProposed', label: 'Recommendations proposed' },
  { value: 'reworded', kind: 'RecommendationReworded', label: 'Recommendations reworded' },
  { value: 'moved', kind: 'RecommendationMoved', label: 'Recommendations moved to another area' },
  { value: 'reordered', kind: 'RecommendationReordered', label: 'Recommendations reordered' },
  { value: 'merged', kind: 'RecommendationsMerged', label: 'Recommendations merged' },
  { value: 'archived', kind: 'RecommendationArchived', label: 'Recommendations archived' },
  { value: 'unarchived', kind: 'RecommendationRestored', label: 'Recommendations restored' },
  { value: 'areas', kind: 'AreaChanged', label: 'Changes to areas' },
];

export interface RecentFilters {
  username: string | null;
  kind: (typeof KIND_OPTIONS)[number] | null;
}

/** `?username=…&kind=…` from an address; an unknown kind means every kind. */
export function readFilters(url: URL): RecentFilters {
  // Long enough for any username; longer text cannot name anyone.
  const username = (url.searchParams.get('username') ?? '').trim().slice(0, 100) || null;
  const kind = KIND_OPTIONS.find((option) => option.value === url.searchParams.get('kind')) ?? null;
  return { username, kind };
}

/** The query string that keeps these filters (and a cursor, when given): "" when there is nothing to keep. */
export function filterSearch(filters: RecentFilters, cursor: { after?: string | null; before?: string | null } = {}): string {
  const params = new URLSearchParams();
  if (filters.username) params.set('username', filters.username);
  if (filters.kind) params.set('kind', filters.kind.value);
  if (cursor.after) params.set('after', cursor.after);
  if (cursor.before) params.set('before', cursor.before);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** "Recent changes by davemiller (Edits to the text)". */
export function recentTitle(filters: RecentFilters): string {
  const by = filters.username ? ` by ${filters.username}` : '';
  const kind = filters.kind ? ` (${filters.kind.label})` : '';
  return `Recent changes${by}${kind}`;
}
