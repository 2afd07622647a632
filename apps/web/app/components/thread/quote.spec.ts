import { describe, expect, it } from '@jest/globals';
import { asBlockQuote, QUOTE_LIMIT } from './quote';

describe('asBlockQuote', () => {
  it('puts "> " before each line and a blank line after', () => {
    expect(asBlockQuote('We should read it first.')).toBe('> We should read it first.\n\n');
    expect(asBlockQuote('  One.\r\nTwo.\n\n\n\nThree.  ')).toBe('> One.\n> Two.\n>\n> Three.\n\n');
  });

  it('is empty for white space only', () => {
    expect(asBlockQuote(' \n ')).toBe('');
  });

  it('bounds a long selection at a word, with an ellipsis', () => {
    const quote = asBlockQuote('word '.repeat(300));
    expect(quote).toMatch(/^> word word/);
    expect(quote).toMatch(/word…\n\n$/);
    expect([...quote].length).toBeLessThanOrEqual(QUOTE_LIMIT + 4);
  });
});
