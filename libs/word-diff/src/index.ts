// Word-level change counting and diffing for page revisions. Pure (no Node-only APIs)
// so the same code runs on the server and in the browser.
import { diffLines, diffWords } from 'diff';

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
 * Lines are compared first and words only inside the lines that changed: word-diffing a whole
 * 5,000-word page with changes spread through it costs ~30 ms, while its changed paragraphs
 * take a few. A paragraph that only moved is shown removed in one place and added in another.
 *
 * Meant to be read interleaved (same, <del>, <ins> in order). Like diffWords, it ignores
 * whitespace-only changes within a line and may give the space next to a change to the changed
 * part, so 'same' + 'removed' reproduces `before` character for character except whitespace.
 */
export function diffWordParts(before: string, after: string): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  const push = (kind: WordDiffPart['kind'], text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  const lines = diffLines(before, after);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].added && !lines[i].removed) {
      push('same', lines[i].value);
      continue;
    }
    // A run of changed lines: what was removed and what was added in its place.
    let removed = '';
    let added = '';
    for (; i < lines.length && (lines[i].added || lines[i].removed); i++) {
      if (lines[i].added) added += lines[i].value;
      else removed += lines[i].value;
    }
    i--;
    if (!removed || !added) {
      push(removed ? 'removed' : 'added', removed || added);
      continue;
    }
    for (const change of diffWords(removed, added)) push(change.added ? 'added' : change.removed ? 'removed' : 'same', change.value);
  }
  return parts;
}

export { CONFLICT_MARKERS, hasConflictMarkers, mergeTexts, type MergeConflict, type MergeResult } from './merge';
