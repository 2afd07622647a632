import { EXCERPT_MAX, firstParagraphExcerpt, firstSentenceExcerpt, QUOTE_MAX } from './index';

describe('firstSentenceExcerpt', () => {
  it('takes the first sentence as plain text, without markdown', () => {
    expect(firstSentenceExcerpt('We *should* read [the report](https://example.org) first. Then decide.')).toBe('We should read the report first.');
    expect(firstSentenceExcerpt('Is `npm ci` enough? I think so.')).toBe('Is npm ci enough?');
  });

  it('passes over quoted text, so a reply that quotes another is summed up in its own words', () => {
    expect(firstSentenceExcerpt('> You said this.\n\nI disagree with that. Here is why.')).toBe('I disagree with that.');
  });

  it('takes the whole first paragraph when it has no sentence end, joining its lines', () => {
    expect(firstSentenceExcerpt('A list of points\nover two lines\n\nSecond paragraph.')).toBe('A list of points over two lines');
  });

  it('bounds a long sentence at a word, with an ellipsis', () => {
    const long = `${'word '.repeat(100)}end.`;
    const excerpt = firstSentenceExcerpt(long);
    expect([...excerpt].length).toBeLessThanOrEqual(EXCERPT_MAX);
    expect(excerpt).toMatch(/word…$/);
  });

  it('is empty for a post with no prose', () => {
    expect(firstSentenceExcerpt('```\ncode only\n```')).toBe('');
    expect(firstSentenceExcerpt('')).toBe('');
  });

  it('does not treat a decimal point or an abbreviation-free number as a sentence end', () => {
    expect(firstSentenceExcerpt('The rate rose to 3.5 per cent last year. Odd.')).toBe('The rate rose to 3.5 per cent last year.');
  });
});

describe('firstParagraphExcerpt', () => {
  it('takes the whole first paragraph of prose as plain text, passing over quotes', () => {
    expect(firstParagraphExcerpt('> Earlier words.\n\nWe *should* read it. Then decide.\n\nLater.')).toBe('We should read it. Then decide.');
  });

  it('bounds a long paragraph at a word, with an ellipsis', () => {
    const quote = firstParagraphExcerpt('word '.repeat(300));
    expect([...quote].length).toBeLessThanOrEqual(QUOTE_MAX);
    expect(quote).toMatch(/word…$/);
  });
});
