// The types of node-diff3 (it ships none) must come along when apps compile this file through its alias.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./node-diff3.d.ts" />
import { diff3Merge } from 'node-diff3';

/** One place where both people changed the same lines from the text they started with. */
export interface MergeConflict {
  /** The lines as the person saving wrote them. */
  mine: string;
  /** The lines as someone else saved them meanwhile. */
  theirs: string;
  /** The lines as both started from. */
  base: string;
}

export type MergeResult =
  | { clean: true; text: string }
  /** `text` holds both versions of each conflicting part between the markers below, for the person to resolve. */
  | { clean: false; text: string; conflicts: MergeConflict[] };

/** Marker lines around each conflicting part, in words a screen reader reads sensibly. */
export const CONFLICT_MARKERS = {
  mine: '<<<<<<< your text',
  separator: '=======',
  theirs: '>>>>>>> saved meanwhile by someone else',
} as const;

const MARKER_LINE = /^(<{7} your text|={7}|>{7} saved meanwhile by someone else)$/m;

/** Whether text still holds conflict markers: saving it would publish them. */
export function hasConflictMarkers(text: string): boolean {
  return MARKER_LINE.test(text);
}

function lines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/**
 * A three-way merge by lines (paragraphs, list items and table rows are lines in markdown), as
 * `diff3` does: changes to different lines since `base` are combined; changes to the same lines
 * conflict unless both made the same change.
 */
/**
 * diff3's longest-common-subsequence step costs about the number of pairs of equal lines between
 * base and each side, so a text of thousands of repeated lines (or blank ones) would hold the
 * server for seconds to minutes; past this many pairs the merge is not tried.
 */
export const MAX_EQUAL_LINE_PAIRS = 500_000;

function equalLinePairs(base: string[], side: string[]): number {
  const counts = new Map<string, number>();
  for (const line of base) counts.set(line, (counts.get(line) ?? 0) + 1);
  let pairs = 0;
  for (const line of side) pairs += counts.get(line) ?? 0;
  return pairs;
}

export function mergeTexts(base: string, theirs: string, mine: string): MergeResult {
  const [a, o, b] = [lines(mine), lines(base), lines(theirs)];
  if (equalLinePairs(o, a) + equalLinePairs(o, b) > MAX_EQUAL_LINE_PAIRS) {
    // Too costly to merge line by line: one conflict of the whole texts, for the person to resolve.
    const conflict = { mine: a.join('\n'), theirs: b.join('\n'), base: o.join('\n') };
    const text = [CONFLICT_MARKERS.mine, ...a, CONFLICT_MARKERS.separator, ...b, CONFLICT_MARKERS.theirs].join('\n');
    return { clean: false, text, conflicts: [conflict] };
  }
  const regions = diff3Merge(a, o, b, { excludeFalseConflicts: true });
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
    } else if (region.conflict) {
      const { a, b, o } = region.conflict;
      conflicts.push({ mine: a.join('\n'), theirs: b.join('\n'), base: o.join('\n') });
      out.push(CONFLICT_MARKERS.mine, ...a, CONFLICT_MARKERS.separator, ...b, CONFLICT_MARKERS.theirs);
    }
  }
  const text = out.join('\n');
  return conflicts.length === 0 ? { clean: true, text } : { clean: false, text, conflicts };
}
