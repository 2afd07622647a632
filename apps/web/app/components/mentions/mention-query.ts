/** What is being typed after an "@" just before the caret: where the "@" is and the letters after it. */
export interface MentionQuery {
  start: number;
  prefix: string;
}

// The characters of a username (see the server's account rules); a name is at most 30 of them.
const NAME_CHAR = /[A-Za-z0-9._-]/;
// A character right before "@" that makes it part of a word or an email address, not a mention.
const GLUED_BEFORE = /[A-Za-z0-9._+-]/;

/**
 * The mention being typed at `caret`, if any: "@" at the start of a word, then 1 to 30 username
 * characters up to the caret, starting with a letter or a digit. The same reading as the server's
 * markdown rule, so what the list offers is what will be linked.
 */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  let at = caret - 1;
  while (at >= 0 && caret - at <= 31 && NAME_CHAR.test(text[at])) at -= 1;
  if (at < 0 || text[at] !== '@') return null;
  const prefix = text.slice(at + 1, caret);
  if (prefix.length < 1 || prefix.length > 30 || !/^[A-Za-z0-9]/.test(prefix)) return null;
  if (at > 0 && GLUED_BEFORE.test(text[at - 1])) return null;
  return { start: at, prefix };
}

/** "3 people found", as the live region says it. */
export function peopleFound(count: number): string {
  if (count === 0) return 'No people found';
  return count === 1 ? '1 person found' : `${count} people found`;
}
