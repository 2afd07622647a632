import type { UserError, UserErrorCode } from '../common/user-error';
import { DISCUSSION_LIMITS } from './posting.models';

const problem = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });

/** What is wrong with a post's text, if anything. */
export function postBodyProblem(body: string): UserError | null {
  if (!body.trim()) return problem('body', 'BODY_REQUIRED', 'Enter the text of your post');
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > DISCUSSION_LIMITS.bodyBytes) {
    return problem(
      'body',
      'BODY_TOO_LONG',
      `The text is ${Math.ceil(bytes / 1024)} KB; a post can hold up to ${DISCUSSION_LIMITS.bodyBytes / 1024} KB. Split it into more than one post`,
    );
  }
  return null;
}

/** What is wrong with a thread's subject (already trimmed), if anything. */
export function subjectProblem(subject: string): UserError | null {
  if (!subject) return problem('subject', 'SUBJECT_REQUIRED', 'Enter a subject for the thread');
  if (subject.length > DISCUSSION_LIMITS.subjectLength) {
    return problem('subject', 'SUBJECT_TOO_LONG', `The subject must be ${DISCUSSION_LIMITS.subjectLength} characters or fewer`);
  }
  return null;
}

/** "@ann", "@ann or @bo", "@ann, @bo or @cy". */
const listOfNames = (names: readonly string[]): string => {
  const mentions = names.map((name) => `@${name}`);
  return mentions.length === 1 ? mentions[0] : `${mentions.slice(0, -1).join(', ')} or ${mentions[mentions.length - 1]}`;
};

/**
 * A post that mentions names with no account behind them (never made, or deleted) is refused at the
 * text box, the text kept: the writer meant to tell someone, and a typo would otherwise tell no one
 * without a word. The message says how to keep "@name" as plain text (markdown's escape "\@").
 */
export function unknownMentionsProblem(unknown: readonly string[]): UserError | null {
  if (unknown.length === 0) return null;
  const advice =
    unknown.length === 1
      ? `check the name, or write \\@${unknown[0]} to post it as plain text`
      : 'check the names, or write \\@ before a name to post it as plain text';
  return problem('body', 'MENTION_UNKNOWN', `No one is called ${listOfNames(unknown)} here: ${advice}`);
}
