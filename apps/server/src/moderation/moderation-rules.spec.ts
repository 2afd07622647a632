import { reasonProblem } from './moderation-rules';

describe('moderation rules', () => {
  it('a reason to hide a post is required; one to report or dismiss may be left out', () => {
    expect(reasonProblem('', true)?.code).toBe('REASON_REQUIRED');
    expect(reasonProblem('', false)).toBeNull();
  });

  it('a reason holds up to 1,000 characters', () => {
    expect(reasonProblem('x'.repeat(1000), true)).toBeNull();
    expect(reasonProblem('x'.repeat(1001), false)).toEqual({ field: 'reason', code: 'REASON_TOO_LONG', message: 'The reason must be 1,000 characters or fewer' });
  });
});
