import type MarkdownIt from 'markdown-it';
import { md } from './parser';
import { MAX_MENTIONS, MENTION_TOKEN } from './mention-plugin';

type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * The people a text mentions, lower-cased, deduplicated, in order of first appearance, at most
 * MAX_MENTIONS. Uses the same parser as rendering, so "@name" in code, in a link's text or inside
 * an email address is not a mention here either.
 */
export function extractMentions(markdown: string): string[] {
  // Most posts mention nobody: skip the parse.
  if (!markdown.includes('@')) return [];
  const names: string[] = [];
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (names.length >= MAX_MENTIONS) return;
      if (token.type === MENTION_TOKEN) {
        const name = (token.meta as { username: string }).username.toLowerCase();
        if (!names.includes(name)) names.push(name);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(markdown, {}));
  return names;
}
