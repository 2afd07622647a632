import type MarkdownIt from 'markdown-it';
import { slugify } from './slug';

export interface WikiLink {
  title: string;
  slug: string;
  label: string;
}

/** Token type the inline rule emits; `token.meta` holds the WikiLink. */
export const WIKI_LINK_TOKEN = 'wiki_link';

/** Render-time environment passed through markdown-it's `env`. */
export interface WikiLinkEnv {
  pageExists?: (slug: string) => boolean;
}

// Bounds the forward scan from each "[[" so hostile input cannot make parsing quadratic.
const MAX_INNER_LENGTH = 300;

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const NEWLINE = 0x0a;

/**
 * Parse the text between `[[` and `]]`: "Title" or "Title|label".
 * Returns null when the title has no usable slug, so the source stays literal text.
 */
export function parseWikiLinkInner(inner: string): WikiLink | null {
  const bar = inner.indexOf('|');
  const title = collapseWhitespace(bar === -1 ? inner : inner.slice(0, bar));
  const label = bar === -1 ? '' : collapseWhitespace(inner.slice(bar + 1));
  const slug = slugify(title);
  if (!slug) return null;
  return { title, slug, label: label || title };
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Derived from the parser's own signature: markdown-it's CommonJS and ESM typings name this type
// differently, and the server and the browser build resolve different ones.
type StateInline = Parameters<Parameters<MarkdownIt['inline']['ruler']['before']>[2]>[0];

function wikiLinkRule(state: StateInline, silent: boolean): boolean {
  const { src, posMax } = state;
  const start = state.pos;
  if (src.charCodeAt(start) !== OPEN_BRACKET || src.charCodeAt(start + 1) !== OPEN_BRACKET) return false;
  // Inside the text of an ordinary [link](...) a wiki link would nest <a> in <a>.
  if (((state as { linkLevel?: number }).linkLevel ?? 0) > 0) return false;

  const contentStart = start + 2;
  const scanLimit = Math.min(posMax, contentStart + MAX_INNER_LENGTH);
  let contentEnd = -1;
  for (let i = contentStart; i < scanLimit; i++) {
    const ch = src.charCodeAt(i);
    if (ch === CLOSE_BRACKET) {
      if (i + 1 < posMax && src.charCodeAt(i + 1) === CLOSE_BRACKET) contentEnd = i;
      break;
    }
    // Titles are single-line and bracket-free; anything else is not a wiki link.
    if (ch === OPEN_BRACKET || ch === NEWLINE) break;
  }
  if (contentEnd === -1) return false;

  const link = parseWikiLinkInner(src.slice(contentStart, contentEnd));
  if (!link) return false;

  if (!silent) {
    const token = state.push(WIKI_LINK_TOKEN, 'a', 0);
    token.markup = '[[';
    token.meta = link;
  }
  state.pos = contentEnd + 2;
  return true;
}

/**
 * markdown-it plugin for `[[Page title]]` and `[[Page title|label]]`.
 *
 * The label is plain text (escaped), not markdown. Whether the target exists is
 * decided at render time through `env.pageExists`; a missing page is announced in
 * visually hidden text, so it is not conveyed by colour alone.
 */
export function wikiLinkPlugin(md: MarkdownIt): void {
  // Before 'link' so "[[" is not taken as the start of an ordinary [link].
  md.inline.ruler.before('link', WIKI_LINK_TOKEN, wikiLinkRule);

  md.renderer.rules[WIKI_LINK_TOKEN] = (tokens, idx, _options, env: WikiLinkEnv | undefined) => {
    const link = tokens[idx].meta as WikiLink;
    const escape = md.utils.escapeHtml;
    const href = `/wiki/${escape(link.slug)}`;
    const label = escape(link.label);
    const exists = env?.pageExists ? env.pageExists(link.slug) : true;
    if (exists) return `<a href="${href}" class="wiki-link">${label}</a>`;
    return (
      `<a href="${href}" class="wiki-link wiki-link--missing">${label}` +
      `<span class="visually-hidden"> (page does not exist yet)</span></a>`
    );
  };
}
