import { distinctTokenValues } from './parser';
import { MAX_MENTIONS, MENTION_TOKEN } from './mention-plugin';

/**
 * The people a text mentions, lower-cased, deduplicated, in order of first appearance, at most
 * MAX_MENTIONS. Uses the same parser as rendering, so "@name" in code, in a link's text or inside
 * an email address is not a mention here either.
 */
export function extractMentions(markdown: string): string[] {
  // Most posts mention nobody: skip the parse.
  if (!markdown.includes('@')) return [];
  return distinctTokenValues(markdown, MENTION_TOKEN, (token) => (token.meta as { username: string }).username.toLowerCase(), MAX_MENTIONS);
}
