import { postBodyProblem, subjectProblem, unknownMentionsProblem } from './discussion-rules';
import { DISCUSSION_LIMITS } from './posting.models';

describe('discussion rules', () => {
  it('a post needs some text', () => {
    expect(postBodyProblem('')?.code).toBe('BODY_REQUIRED');
    expect(postBodyProblem('  \n ')?.code).toBe('BODY_REQUIRED');
    expect(postBodyProblem('A question.')).toBeNull();
  });

  it("a post's text is limited in bytes, and the message says how big it was and what to do", () => {
    expect(postBodyProblem('x'.repeat(DISCUSSION_LIMITS.bodyBytes))).toBeNull();
    const tooBig = postBodyProblem('é'.repeat(DISCUSSION_LIMITS.bodyBytes / 2 + 1)); // two bytes each
    expect(tooBig?.code).toBe('BODY_TOO_LONG');
    expect(tooBig?.message).toMatch(/^The text is \d+ KB; a post can hold up to \d+ KB\. Split it into more than one post$/);
  });

  it('a thread needs a subject of limited length', () => {
    expect(subjectProblem('')?.code).toBe('SUBJECT_REQUIRED');
    expect(subjectProblem('x'.repeat(DISCUSSION_LIMITS.subjectLength))).toBeNull();
    expect(subjectProblem('x'.repeat(DISCUSSION_LIMITS.subjectLength + 1))).toEqual({
      field: 'subject',
      code: 'SUBJECT_TOO_LONG',
      message: `The subject must be ${DISCUSSION_LIMITS.subjectLength} characters or fewer`,
    });
  });

  it('names every unknown mention at the text box and says how to post one as plain text', () => {
    expect(unknownMentionsProblem([])).toBeNull();
    expect(unknownMentionsProblem(['ann'])).toEqual({ field: 'body', code: 'MENTION_UNKNOWN', message: 'No one is called @ann here: check the name, or write \\@ann to post it as plain text' });
    expect(unknownMentionsProblem(['ann', 'bo', 'cy'])?.message).toBe('No one is called @ann, @bo or @cy here: check the names, or write \\@ before a name to post it as plain text');
  });
});
