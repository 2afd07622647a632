import { extractMentions, MAX_MENTIONS, mentionAt, renderMarkdown } from './index';

const people: Record<string, string> = { ann: 'Ann', 'bob.smith': 'bob.smith' };
const render = (text: string) => renderMarkdown(text, { mentionedUser: (name) => people[name] ?? null });

describe('mentions', () => {
  it('finds each person once, lower-cased, in order; a full stop ending the sentence is not part of the name', () => {
    expect(extractMentions('Thanks @Ann and @bob.smith. And @ann again.')).toEqual(['ann', 'bob.smith']);
  });

  it('ignores email addresses, code, names that are too short or too long, and a bare @', () => {
    expect(extractMentions('write to ann@example.org or `@ann` or @ab or @ or @' + 'a'.repeat(31))).toEqual([]);
    expect(extractMentions('```\n@ann\n```\n\n    @bob.smith')).toEqual([]);
  });

  it('ignores a mention inside a link’s text', () => {
    expect(extractMentions('[see @ann](https://example.org)')).toEqual([]);
  });

  it('links an existing person to their profile, by their own spelling of the name', () => {
    expect(render('Hello @ANN!')).toBe('<p>Hello <a href="/users/Ann" class="mention">@ANN</a>!</p>\n');
  });

  it('leaves someone who does not exist as the plain text typed', () => {
    expect(render('Hello @nobody')).toBe('<p>Hello @nobody</p>\n');
  });

  it('without a lookup (a preview), every mention stays plain text', () => {
    expect(renderMarkdown('Hello @ann')).toBe('<p>Hello @ann</p>\n');
  });

  it('looks up at most MAX_MENTIONS people per text; the rest stay plain', () => {
    const names = Array.from({ length: MAX_MENTIONS + 2 }, (_, i) => `person${i}`);
    expect(extractMentions(names.map((name) => `@${name}`).join(' '))).toHaveLength(MAX_MENTIONS);
    const html = renderMarkdown(names.map((name) => `@${name}`).join(' '), { mentionedUser: (name) => name });
    expect(html.match(/class="mention"/g)).toHaveLength(MAX_MENTIONS);
  });

  it('mentionAt reads the name at an "@" only when it starts a word', () => {
    expect(mentionAt('hi @ann.', 3)).toBe('ann');
    expect(mentionAt('x@ann', 1)).toBeNull();
    expect(mentionAt('(@ann)', 1)).toBe('ann');
  });
});
