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
 * A comparison as the reader sees it. `wordByWord` is false when some changed part was too
 * large or too different to compare word by word within the budget below: that part is shown
 * as its whole old paragraphs removed and whole new ones added, and word counts from it are
 * approximate (every word of a changed paragraph counts as changed).
 */
export interface WordComparison {
  parts: WordDiffPart[];
  wordByWord: boolean;
}

/**
 * Bounds on one comparison, so two wholly different 500 KB texts or thousands of repeated lines
 * cannot hold the single Node thread: Myers' diff costs about (length × edit distance), so it
 * gives up past MAX_EDITS changed tokens, and the whole comparison gets TIME_BUDGET_MS, after
 * which every remaining changed block is shown paragraph by paragraph.
 */
export const MAX_EDITS = 4000;
export const TIME_BUDGET_MS = 300;

/**
 * How many words an edit added and removed, e.g. for "+12 −3 words" in page history.
 * Counted on the same bounded comparison the reader sees, so it is approximate when
 * `wordByWord` is false.
 */
export function countWordChanges(before: string, after: string): WordChangeCount {
  const result: WordChangeCount = { added: 0, removed: 0 };
  for (const part of compareWords(before, after).parts) {
    if (part.kind === 'added') result.added += countWords(part.text);
    else if (part.kind === 'removed') result.removed += countWords(part.text);
  }
  return result;
}

/** The parts of {@link compareWords}, for callers that do not say whether it was word by word. */
export function diffWordParts(before: string, after: string): WordDiffPart[] {
  return compareWords(before, after).parts;
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
export function compareWords(before: string, after: string): WordComparison {
  const deadline = Date.now() + TIME_BUDGET_MS;
  // jsdiff returns undefined when it gives up (edit distance or time); timeout 0 would mean "no limit".
  const limits = () => ({ maxEditLength: MAX_EDITS, timeout: Math.max(1, deadline - Date.now()) });
  const parts: WordDiffPart[] = [];
  let wordByWord = true;
  const push = (kind: WordDiffPart['kind'], text: string) => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  const lines = before === after ? [{ value: before, added: false, removed: false }] : diffLines(before, after, limits());
  if (!lines) {
    // Too different even line by line: the whole old text went and the whole new one came.
    push('removed', before);
    push('added', after);
    return { parts, wordByWord: false };
  }
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].added && !lines[i].removed) {
      push('same', lines[i].value);
      continue;
    }
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
    const words = Date.now() < deadline ? diffWords(removed, added, limits()) : undefined;
    if (!words) {
      wordByWord = false;
      push('removed', removed);
      push('added', added);
      continue;
    }
    for (const change of words) push(change.added ? 'added' : change.removed ? 'removed' : 'same', change.value);
  }
  return { parts, wordByWord };
}

export { CONFLICT_MARKERS, hasConflictMarkers, mergeTexts, type MergeConflict, type MergeResult } from './merge';
