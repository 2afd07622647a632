// Word-level change counting and diffing for page revisions. Pure (no Node-only APIs)
// so the same code runs on the server and in the browser.
import { diffWords } from 'diff';

export interface WordChangeCount {
  added: number;
  removed: number;
}

export type WordDiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

// A word is a run of non-whitespace with at least one letter or digit, so markdown
// punctuation on its own ("*", "-", "|", "##") is not counted as a word.
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function countWords(text: string): number {
  let count = 0;
  for (const run of text.split(/\s+/)) {
    if (HAS_LETTER_OR_DIGIT.test(run)) count++;
  }
  return count;
}

/**
 * How many words an edit added and removed, e.g. for "+12 −3 words" in page history.
 * diffWords splits at word boundaries, so changed parts hold whole words and
 * punctuation; each part is counted with countWords.
 */
export function countWordChanges(before: string, after: string): WordChangeCount {
  const result: WordChangeCount = { added: 0, removed: 0 };
  for (const change of diffWords(before, after)) {
    if (change.added) result.added += countWords(change.value);
    else if (change.removed) result.removed += countWords(change.value);
  }
  return result;
}

/**
 * The word diff as a flat list for rendering (<ins>/<del>): adjacent parts of the same
 * kind are merged and empty parts dropped.
 *
 * Meant to be read interleaved (same, <del>, <ins> in order). Like diffWords, it ignores
 * whitespace-only changes and may give the space next to a change to the changed part,
 * so 'same' + 'removed' reproduces `before` character for character except whitespace.
 */
export function diffWordParts(before: string, after: string): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  for (const change of diffWords(before, after)) {
    if (change.value === '') continue;
    const kind: WordDiffPart['kind'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}

export { CONFLICT_MARKERS, hasConflictMarkers, mergeTexts, type MergeConflict, type MergeResult } from './merge';
