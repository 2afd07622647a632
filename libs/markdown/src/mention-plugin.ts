import type MarkdownIt from 'markdown-it';

/** Token type the inline rule emits; `token.meta` is `{ username }` as typed (case kept). */
export const MENTION_TOKEN = 'mention';

/**
 * At most this many distinct people are looked up, linked and told per post: a post listing the
 * whole membership costs one bounded query and cannot be used to send hundreds of notifications.
 * Further names stay plain text.
 */
export const MAX_MENTIONS = 20;

/** Render-time environment: the canonical username of a person who exists, or null. */
export interface MentionEnv {
  /** Called with the lower-cased name; absent = nobody is known, every mention stays plain text. */
  mentionedUser?: (lowerUsername: string) => string | null;
}

// The account rules' usernames: 3 to 30 of letters, digits, ".", "-", "_", starting and ending
// with a letter or digit, so "@ann." at the end of a sentence mentions "ann".
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,28}[A-Za-z0-9])?/;
// A character right before "@" that makes it part of a word or an address (a@b.org), not a mention.
const GLUED_BEFORE = /[A-Za-z0-9._+-]/;
const AT = 0x40;

type StateInline = Parameters<Parameters<MarkdownIt['inline']['ruler']['before']>[2]>[0];

/** The username at `pos` (which holds "@") if it is a mention, else null. Pure, shared by rule and combobox tests. */
export function mentionAt(src: string, pos: number, end = src.length): string | null {
  if (src.charCodeAt(pos) !== AT) return null;
  if (pos > 0 && GLUED_BEFORE.test(src[pos - 1])) return null;
  const match = NAME.exec(src.slice(pos + 1, Math.min(end, pos + 1 + 31)));
  if (!match || match[0].length < 3) return null;
  // "@ann_smith_long_name_beyond_thirty..." is not a mention of its first 30 characters.
  const next = pos + 1 + match[0].length;
  const after = next < end ? src.charAt(next) : '';
  if (/[A-Za-z0-9]/.test(after)) return null;
  return match[0];
}

function mentionRule(state: StateInline, silent: boolean): boolean {
  // Inside the text of a link a mention would nest <a> in <a>.
  if (((state as { linkLevel?: number }).linkLevel ?? 0) > 0) return false;
  const username = mentionAt(state.src, state.pos, state.posMax);
  if (username === null) return false;
  if (!silent) {
    const token = state.push(MENTION_TOKEN, 'a', 0);
    token.markup = '@';
    token.meta = { username };
  }
  state.pos += 1 + username.length;
  return true;
}

/**
 * markdown-it plugin for `@username`. Whether the person exists is decided at render time through
 * `env.mentionedUser` (the server asks the database); someone unknown stays the plain text typed.
 */
export function mentionPlugin(md: MarkdownIt): void {
  md.inline.ruler.push(MENTION_TOKEN, mentionRule);
  md.renderer.rules[MENTION_TOKEN] = (tokens, idx, _options, env: (MentionEnv & { mentionsSeen?: Set<string> }) | undefined) => {
    const typed = (tokens[idx].meta as { username: string }).username;
    const escape = md.utils.escapeHtml;
    const lower = typed.toLowerCase();
    const seen = (env!.mentionsSeen ??= new Set());
    if (!seen.has(lower)) {
      if (seen.size >= MAX_MENTIONS) return `@${escape(typed)}`;
      seen.add(lower);
    }
    const canonical = env?.mentionedUser?.(lower) ?? null;
    if (canonical === null) return `@${escape(typed)}`;
    return `<a href="/users/${encodeURIComponent(canonical)}" class="mention">@${escape(typed)}</a>`;
  };
}
