import sanitizeHtml from 'sanitize-html';
import { md } from './parser';
import type { EmbeddedFile, FileEmbedEnv } from './file-embed-plugin';
import type { MentionEnv } from './mention-plugin';
import type { WikiLinkEnv } from './wiki-link-plugin';

export interface RenderOptions {
  /** Called with each wiki link's slug; false marks the link as missing. Absent = all exist. */
  pageExists?: (slug: string) => boolean;
  /** The canonical username of a mentioned person (given lower-cased) who exists; null or absent = plain text. */
  mentionedUser?: MentionEnv['mentionedUser'];
  /** A stored file by its number (`![[file:N]]`); null or absent = shown as missing. */
  fileById?: (id: number) => EmbeddedFile | null;
}

// http(s) or protocol-relative ("//host", which browsers also read from "/\host").
const EXTERNAL_HREF = /^(https?:)?[\\/]{2}/i;

function isExternal(href: string): boolean {
  // eslint-disable-next-line no-control-regex
  return EXTERNAL_HREF.test(href.replace(/[\u0000-\u0020]+/g, ''));
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  // No h1: the page template owns it and headings are shifted down (see parser.ts);
  // a stray h1 loses the tag but keeps its text. img only from stored files (file-embed-plugin.ts).
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'a', 'em', 'strong', 'del', 's',
    'code', 'pre', 'blockquote', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
    'figure', 'figcaption', 'img',
  ],
  disallowedTagsMode: 'discard',
  allowedAttributes: {
    a: ['href', 'class', 'rel', 'title'],
    span: ['class'],
    th: ['class'],
    td: ['class'],
    ol: ['start'],
    figure: ['class'],
    p: ['class'],
    img: ['src', 'srcset', 'sizes', 'width', 'height', 'alt', 'loading', 'decoding'],
  },
  // Only the classes this library itself emits.
  allowedClasses: {
    a: ['wiki-link', 'wiki-link--missing', 'mention', 'file-link'],
    figure: ['file-figure'],
    p: ['file-missing'],
    span: ['visually-hidden'],
    th: ['align-left', 'align-center', 'align-right'],
    td: ['align-left', 'align-center', 'align-right'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: true,
  // Only the file embed (file-embed-plugin.ts) makes an <img>, and only of this site's stored files.
  exclusiveFilter: (frame) => frame.tag === 'img' && !/^\/files\/[0-9a-f]{64}\//.test(frame.attribs.src ?? ''),
  transformTags: {
    // User-supplied external links must not pass on search ranking (spam) and are
    // marked as user content; internal and mailto links carry no rel.
    a: (tagName, attribs) => {
      const { rel: _ignored, ...rest } = attribs;
      const href = rest.href ?? '';
      return { tagName, attribs: isExternal(href) ? { ...rest, rel: 'nofollow ugc' } : rest };
    },
  },
};

/**
 * Render user markdown to safe HTML. The one path for all user text, server and browser.
 *
 * CommonMark + GFM tables/strikethrough, linkified URLs, wiki links; raw HTML is escaped.
 * The result then goes through sanitize-html with a strict allow-list as a second line of
 * defence, so a bug in a markdown rule cannot become an XSS.
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
  const env: WikiLinkEnv & MentionEnv & FileEmbedEnv = { pageExists: options.pageExists, mentionedUser: options.mentionedUser, fileById: options.fileById };
  return sanitizeHtml(md.render(markdown, env), SANITIZE_OPTIONS);
}
