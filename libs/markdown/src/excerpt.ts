import type Token from 'markdown-it/lib/token.mjs';
import { md } from './parser';

/** An excerpt is never longer than this many characters (the ellipsis included). */
export const EXCERPT_MAX = 160;

/**
 * The first sentence of a post, as plain text, for "Reply to X: “…”" beside a reply: what a
 * linear reader needs to know what is being answered. Quoted text (block quotes), code blocks and
 * tables are passed over: they are someone else's words or not prose. A sentence longer than
 * `max` is cut at a word and ends with "…". Empty when the post has no prose at all.
 */
export function firstSentenceExcerpt(markdown: string, max = EXCERPT_MAX): string {
  const text = firstProse(markdown);
  // The first sentence: up to the first . ! ? (or …) followed by a space or the end.
  const sentence = /^.*?[.!?…](?=\s|$)/u.exec(text)?.[0] ?? text;
  return bound(sentence, max);
}

/** A quote is never longer than this many characters (the ellipsis included). */
export const QUOTE_MAX = 500;

/**
 * The first paragraph of a post as plain text, passing over what `firstSentenceExcerpt` passes
 * over, bounded at a word: what "Quote in your reply" quotes when nothing in the post was selected.
 */
export function firstParagraphExcerpt(markdown: string, max = QUOTE_MAX): string {
  return bound(firstProse(markdown), max);
}

function firstProse(markdown: string): string {
  // Parsing is linear, but a post may be 50 KB: the first few KB hold its first sentence.
  const tokens = md.parse(markdown.slice(0, 4000), { pageExists: () => true });
  let quoteDepth = 0;
  let tableDepth = 0;
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type === 'blockquote_open') quoteDepth++;
    else if (token.type === 'blockquote_close') quoteDepth--;
    else if (token.type === 'table_open') tableDepth++;
    else if (token.type === 'table_close') tableDepth--;
    else if (token.type === 'inline' && quoteDepth === 0 && tableDepth === 0) {
      const text = inlineText(token.children ?? []).replace(/\s+/g, ' ').trim();
      if (text) blocks.push(text);
    }
    if (blocks.length > 0) break;
  }
  return blocks[0] ?? '';
}

function inlineText(children: Token[]): string {
  return children
    .map((child) => {
      if (child.type === 'text' || child.type === 'code_inline') return child.content;
      if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
      return '';
    })
    .join('');
}

function bound(text: string, max: number): string {
  const characters = [...text];
  if (characters.length <= max) return text;
  const cut = characters.slice(0, max - 1).join('');
  const atWord = cut.replace(/\s+\S*$/u, '');
  return `${(atWord.length >= max / 2 ? atWord : cut).replace(/[\s,;:]+$/u, '')}…`;
}
