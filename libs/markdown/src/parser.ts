import MarkdownIt from 'markdown-it';
import { fileEmbedPlugin } from './file-embed-plugin';
import { mentionPlugin } from './mention-plugin';
import { wikiLinkPlugin } from './wiki-link-plugin';

// Schemes a link may use. Anything else with a scheme (javascript:, data:, vbscript:,
// file:, ...) is refused here and again by sanitize-html, as defence in depth.
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

function isAllowedLink(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020]+/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return scheme === null || ALLOWED_SCHEMES.has(scheme[1].toLowerCase());
}

/**
 * The single markdown-it instance shared by rendering and link extraction, so both
 * agree on what counts as a wiki link. It holds no per-call state (pageExists travels
 * in `env`), so sharing it is safe and keeps output deterministic.
 */
export const md: MarkdownIt = new MarkdownIt('default', {
  html: false, // raw HTML is shown as text, never passed through
  linkify: true,
  typographer: false,
});

md.validateLink = isAllowedLink;

// Images are not allowed in the output. Rather than silently dropping `![alt](src)`
// (losing the alt text), disable the rule so it renders as "!" plus a link to src.
md.disable('image');

md.use(wikiLinkPlugin);
md.use(mentionPlugin);
// Stored files: `![[file:N]]` alone on a line (file-embed-plugin.ts). Images come only this way,
// with the description their uploader had to give.
md.use(fileEmbedPlugin);

// The page template owns the only <h1> (the page title), so a text's top heading level becomes
// <h2> and the rest keep their relative depth: "#"/"##" and "##"/"###" both give h2/h3, whichever
// convention the writer knows. HTML has no <h7>, so the deepest stay <h6>.
md.core.ruler.push('shift_headings', (state) => {
  const headings = state.tokens.filter((token) => token.type === 'heading_open' || token.type === 'heading_close');
  if (headings.length === 0) return;
  const top = Math.min(...headings.map((token) => Number(token.tag.slice(1))));
  for (const token of headings) {
    token.tag = `h${Math.min(Number(token.tag.slice(1)) - top + 2, 6)}`;
  }
});

// GFM table alignment arrives as style="text-align:x"; inline styles are not allowed
// through the sanitiser, so express it as class="align-x" instead.
md.core.ruler.push('table_align_classes', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const style = token.attrGet('style');
    if (style === null) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    const align = /^text-align:(left|center|right)$/.exec(style);
    if (align) token.attrSet('class', `align-${align[1]}`);
  }
});

type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * The distinct values `valueOf` reads from the tokens of `type` in a text, in order of first
 * appearance, at most `max`: what a text mentions or embeds, parsed by the same rules as rendering,
 * so nothing inside code counts.
 */
export function distinctTokenValues<T>(markdown: string, type: string, valueOf: (token: Token) => T, max: number): T[] {
  const values: T[] = [];
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (values.length >= max) return;
      if (token.type === type) {
        const value = valueOf(token);
        if (!values.includes(value)) values.push(value);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(markdown, {}));
  return values;
}
