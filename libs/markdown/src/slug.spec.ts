import { slugify } from './index';

describe('slugify', () => {
  it.each([
    ['Emerging issues', 'emerging-issues'],
    ['Sociotechnical Systems', 'sociotechnical-systems'],
    ['  leading and trailing  ', 'leading-and-trailing'],
    ['Café crème brûlée', 'cafe-creme-brulee'],
    ['Ångström Øresund', 'angstrom-oresund'],
    ['Straße', 'strasse'],
    ['NHS: what went wrong? (2008)', 'nhs-what-went-wrong-2008'],
    ['A & B / C -- D', 'a-b-c-d'],
    ["Don't panic!", 'don-t-panic'],
    ['under_score.dot', 'under-score-dot'],
    ['ﬁnance', 'finance'], // NFKD splits the ligature
    ['Version 2.0', 'version-2-0'],
  ])('%j -> %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it.each(['', '   ', '!!!', '---', '()[]{}', '日本語', '🙂'])(
    'returns an empty string when nothing usable is left: %j',
    (title) => {
      expect(slugify(title)).toBe('');
    },
  );

  it('caps slugs at 100 characters without a trailing hyphen', () => {
    const long = slugify('word '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).not.toMatch(/-$/);
    expect(long.startsWith('word-word-')).toBe(true);
    expect(slugify('a'.repeat(150))).toBe('a'.repeat(100));
  });

  it('is idempotent', () => {
    const once = slugify('Café – Emerging Issues!');
    expect(slugify(once)).toBe(once);
  });
});
