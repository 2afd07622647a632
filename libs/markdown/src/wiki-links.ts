import type MarkdownIt from 'markdown-it';

// From the parser's signature, as in wiki-link-plugin.ts.
type Token = ReturnType<MarkdownIt['parse']>[number];
import { md } from './parser';
import { WIKI_LINK_TOKEN, type WikiLink } from './wiki-link-plugin';

/**
 * Wiki links in a page's markdown, deduplicated by slug, in order of first appearance.
 * Uses the same parser as rendering, so links in code spans, fenced or indented code,
 * or escaped (`\[[...]]`) are ignored exactly as they are when rendered.
 */
export function extractWikiLinks(markdown: string): WikiLink[] {
  const seen = new Set<string>();
  const links: WikiLink[] = [];
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (token.type === WIKI_LINK_TOKEN) {
        const link = token.meta as WikiLink;
        if (!seen.has(link.slug)) {
          seen.add(link.slug);
          links.push({ title: link.title, slug: link.slug, label: link.label });
        }
      }
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(markdown, {}));
  return links;
}
