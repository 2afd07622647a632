import { PAGE_LIMITS } from './page-editing.models';
import { bodyProblem, checkTitle, normaliseTags, reasonProblem, summaryProblem } from './page-rules';
import { isUserError } from '../common/user-error';

describe('page rules', () => {
  it('a title is cleaned of extra white space and gives the page its address', () => {
    expect(checkTitle('  Emerging   issues ')).toEqual({ title: 'Emerging issues', slug: 'emerging-issues' });
    expect(checkTitle(' ')).toMatchObject({ code: 'TITLE_REQUIRED' });
    expect(checkTitle('x'.repeat(PAGE_LIMITS.titleLength + 1))).toMatchObject({ code: 'TITLE_TOO_LONG' });
    expect(checkTitle('???')).toMatchObject({ code: 'TITLE_INVALID' });
  });

  it("a page's text is limited in bytes, and the message says what to do", () => {
    expect(bodyProblem('')).toBeNull();
    expect(bodyProblem('x'.repeat(PAGE_LIMITS.bodyBytes))).toBeNull();
    expect(bodyProblem('x'.repeat(PAGE_LIMITS.bodyBytes + 1))?.message).toMatch(/Split it into more than one page$/);
  });

  it('the note about an update is limited', () => {
    expect(summaryProblem('x'.repeat(PAGE_LIMITS.summaryLength))).toBeNull();
    expect(summaryProblem('x'.repeat(PAGE_LIMITS.summaryLength + 1))?.code).toBe('SUMMARY_TOO_LONG');
  });

  it('keyword tags are trimmed, lower case, single-spaced and without duplicates, from a list or comma-separated', () => {
    expect(normaliseTags(['Safety,  Clinical   Risk ', 'safety', ''])).toEqual({ tags: ['safety', 'clinical risk'] });
    expect(normaliseTags(['x'.repeat(PAGE_LIMITS.tagLength + 1)])).toMatchObject({ code: 'TAG_TOO_LONG' });
    expect(normaliseTags(['<script>'])).toMatchObject({ code: 'TAG_INVALID' });
    expect(normaliseTags(Array.from({ length: PAGE_LIMITS.tags + 1 }, (_, n) => `tag ${n}`))).toMatchObject({ code: 'TOO_MANY_TAGS' });
  });

  it('deleting a page needs a reason', () => {
    expect(reasonProblem('')?.code).toBe('REASON_REQUIRED');
    expect(reasonProblem('Duplicate of Emerging issues')).toBeNull();
    expect(reasonProblem('x'.repeat(PAGE_LIMITS.reasonLength + 1))?.code).toBe('REASON_TOO_LONG');
  });

  it('tells a user error from a result', () => {
    expect(isUserError({ field: null, code: 'X', message: 'y' })).toBe(true);
    expect(isUserError({ tags: [] })).toBe(false);
  });
});
