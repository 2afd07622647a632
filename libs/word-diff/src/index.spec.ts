import { compareWords, countWordChanges, countWords, diffWordParts, type WordDiffPart } from './index';

/** One side of the diff with whitespace removed (diffWords does not preserve it exactly). */
function side(parts: WordDiffPart[], drop: WordDiffPart['kind']): string {
  return parts
    .filter((p) => p.kind !== drop)
    .map((p) => p.text)
    .join('')
    .replace(/\s+/g, '');
}

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   \n\t ', 0],
    ['one', 1],
    ['two words', 2],
    ['  spaced   out\nacross\tlines  ', 4],
    ["don't over-count hyphen-ated words", 4],
    ['Café crème', 2],
    ['2008 NHS masterclass', 3],
    ['A1 B2', 2],
  ])('%j has %i words', (text, words) => {
    expect(countWords(text)).toBe(words);
  });

  it('does not count runs of punctuation or markdown syntax', () => {
    expect(countWords('* * * - | --- ## > ** ~~')).toBe(0);
    expect(countWords('- item one\n- item two')).toBe(4);
    expect(countWords('**bold** [[Wiki link]]')).toBe(3);
  });
});

describe('countWordChanges', () => {
  it('counts nothing for identical texts', () => {
    expect(countWordChanges('The same text.', 'The same text.')).toEqual({ added: 0, removed: 0 });
    expect(countWordChanges('', '')).toEqual({ added: 0, removed: 0 });
  });

  it('counts words added at the end', () => {
    expect(countWordChanges('hello', 'hello foo bar')).toEqual({ added: 2, removed: 0 });
  });

  it('counts words removed from the middle', () => {
    expect(countWordChanges('keep this please keep', 'keep keep')).toEqual({ added: 0, removed: 2 });
  });

  it('counts a replaced word as one added and one removed', () => {
    expect(countWordChanges('the cat sat', 'the dog sat')).toEqual({ added: 1, removed: 1 });
  });

  it('counts a whole new page and a blanked page', () => {
    expect(countWordChanges('', 'A brand new page about safety.')).toEqual({ added: 6, removed: 0 });
    expect(countWordChanges('Everything went away.', '')).toEqual({ added: 0, removed: 3 });
  });

  it('does not count punctuation-only or whitespace-only edits as words', () => {
    expect(countWordChanges('Hello world', 'Hello, world!')).toEqual({ added: 0, removed: 0 });
    expect(countWordChanges('- a\n- b', '* a\n* b')).toEqual({ added: 0, removed: 0 });
    expect(countWordChanges('one two', 'one   two\n')).toEqual({ added: 0, removed: 0 });
  });

  it('counts a word whose spelling changed', () => {
    expect(countWordChanges('Sociotechnical sytems', 'Sociotechnical systems')).toEqual({ added: 1, removed: 1 });
  });
});

describe('diffWordParts', () => {
  it('returns one same part for identical texts and nothing for two empty texts', () => {
    expect(diffWordParts('no change here', 'no change here')).toEqual([{ kind: 'same', text: 'no change here' }]);
    expect(diffWordParts('', '')).toEqual([]);
  });

  it('marks a replaced word as removed then added', () => {
    expect(diffWordParts('the cat sat', 'the dog sat')).toEqual([
      { kind: 'same', text: 'the ' },
      { kind: 'removed', text: 'cat' },
      { kind: 'added', text: 'dog' },
      { kind: 'same', text: ' sat' },
    ]);
  });

  it('merges adjacent parts of the same kind and never returns empty parts', () => {
    const parts = diffWordParts('alpha beta gamma delta', 'alpha BETA GAMMA delta');
    for (let i = 1; i < parts.length; i++) expect(parts[i].kind).not.toBe(parts[i - 1].kind);
    for (const part of parts) expect(part.text).not.toBe('');
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['beta gamma']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['BETA GAMMA']);
  });

  it('keeps every non-space character of both texts, in order', () => {
    const before = 'Emerging issues were discussed at the 2008 masterclass, briefly.';
    const after = 'Emerging issues, risks and ideas were discussed at the masterclass in depth.';
    const parts = diffWordParts(before, after);
    expect(side(parts, 'added')).toBe(before.replace(/\s+/g, ''));
    expect(side(parts, 'removed')).toBe(after.replace(/\s+/g, ''));
    // Read interleaved, the text stays readable: the space before "were" moves into the insertion.
    expect(parts.slice(0, 3)).toEqual([
      { kind: 'same', text: 'Emerging issues' },
      { kind: 'added', text: ', risks and ideas ' },
      { kind: 'same', text: 'were discussed at the ' },
    ]);
  });

  it('agrees with countWordChanges', () => {
    const before = 'one two three four five';
    const after = 'one 2 three four five six';
    const parts = diffWordParts(before, after);
    const count = (kind: WordDiffPart['kind']) =>
      parts.filter((p) => p.kind === kind).reduce((n, p) => n + countWords(p.text), 0);
    expect({ added: count('added'), removed: count('removed') }).toEqual(countWordChanges(before, after));
    expect(countWordChanges(before, after)).toEqual({ added: 2, removed: 1 });
  });
});

describe('diffWordParts on long texts', () => {
  const paragraph = (n: number, changed = false) =>
    Array.from({ length: 100 }, (_, w) => (changed && w % 20 === 7 ? `changed${n}x${w}` : `word${n}x${w}`)).join(' ');
  const before = Array.from({ length: 50 }, (_, n) => paragraph(n)).join('\n\n');
  const after = Array.from({ length: 50 }, (_, n) => paragraph(n, n % 2 === 0)).join('\n\n');

  it('finds each changed word inside the changed paragraphs, and nothing else', () => {
    const parts = diffWordParts(before, after);
    const removed = parts.filter((part) => part.kind === 'removed').flatMap((part) => part.text.trim().split(/\s+/));
    const added = parts.filter((part) => part.kind === 'added').flatMap((part) => part.text.trim().split(/\s+/));
    expect(added).toHaveLength(25 * 5);
    expect(removed).toHaveLength(25 * 5);
    expect(added.every((word) => word.startsWith('changed'))).toBe(true);
    expect(removed.every((word) => /^word\d+x7$|^word\d+x27$|^word\d+x47$|^word\d+x67$|^word\d+x87$/.test(word))).toBe(true);
    expect(side(parts, 'added')).toBe(before.replace(/\s+/g, ''));
    expect(side(parts, 'removed')).toBe(after.replace(/\s+/g, ''));
  });

  it('shows a wholly new paragraph as added, and a deleted one as removed', () => {
    const parts = diffWordParts('First.\n\nSecond.\n', 'First.\n\nNew one.\n\nSecond.\n');
    expect(parts.filter((part) => part.kind !== 'same')).toEqual([{ kind: 'added', text: 'New one.\n\n' }]);
    const gone = diffWordParts('First.\n\nSecond.\n', 'Second.\n');
    expect(gone.filter((part) => part.kind !== 'same')).toEqual([{ kind: 'removed', text: 'First.\n\n' }]);
  });
});

describe('compareWords on the worst inputs', () => {
  // ~500 KB each, sharing no word: Myers' diff would need about (length × edits) steps.
  const words = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`).join(' ');
  const wholly = (prefix: string) => Array.from({ length: 800 }, (_, line) => words(`${prefix}${line}w`, 80)).join('\n');

  it('gives up word by word on two wholly different 500 KB texts, shows them whole, and is quick', () => {
    const before = wholly('a');
    const after = wholly('b');
    expect(before.length).toBeGreaterThan(450_000);
    const started = Date.now();
    const result = compareWords(before, after);
    // Unbounded this takes minutes; the budget is 300 ms, so 10 s leaves room for two busy cores.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.wordByWord).toBe(false);
    expect(side(result.parts, 'added')).toBe(before.replace(/\s+/g, ''));
    expect(side(result.parts, 'removed')).toBe(after.replace(/\s+/g, ''));
  });

  it('gives up on one huge changed paragraph of repeated words, and counts its words approximately', () => {
    const before = Array.from({ length: 40_000 }, (_, i) => (i % 2 ? 'a' : 'b')).join(' ');
    const after = Array.from({ length: 40_000 }, (_, i) => (i % 3 ? 'a' : 'c')).join(' ');
    const started = Date.now();
    const result = compareWords(before, after);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.wordByWord).toBe(false);
    expect(countWordChanges(before, after)).toEqual({ added: 40_000, removed: 40_000 });
  });

  it('still compares word by word, and says so, when the change is ordinary', () => {
    expect(compareWords('the cat sat', 'the dog sat')).toEqual({
      wordByWord: true,
      parts: [
        { kind: 'same', text: 'the ' },
        { kind: 'removed', text: 'cat' },
        { kind: 'added', text: 'dog' },
        { kind: 'same', text: ' sat' },
      ],
    });
  });
});
