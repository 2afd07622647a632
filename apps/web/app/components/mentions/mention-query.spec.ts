import { describe, expect, it } from '@jest/globals';
import { mentionQuery, peopleFound } from './mention-query';

describe('mentionQuery', () => {
  it('reads the name typed after an "@" that starts a word, up to the caret', () => {
    expect(mentionQuery('Thanks @ann', 11)).toEqual({ start: 7, prefix: 'ann' });
    expect(mentionQuery('@a', 2)).toEqual({ start: 0, prefix: 'a' });
    expect(mentionQuery('(@bob.s', 7)).toEqual({ start: 1, prefix: 'bob.s' });
    expect(mentionQuery('Thanks @ann and more', 11)).toEqual({ start: 7, prefix: 'ann' });
  });

  it('is nothing for a bare "@", an email address, a space after the name, or a name too long', () => {
    expect(mentionQuery('Thanks @', 8)).toBeNull();
    expect(mentionQuery('ann@example', 11)).toBeNull();
    expect(mentionQuery('@ann ', 5)).toBeNull();
    expect(mentionQuery(`@${'a'.repeat(31)}`, 32)).toBeNull();
    expect(mentionQuery('@_ann', 5)).toBeNull();
  });

  it('says how many people were found in words', () => {
    expect([0, 1, 3].map(peopleFound)).toEqual(['No people found', '1 person found', '3 people found']);
  });
});
