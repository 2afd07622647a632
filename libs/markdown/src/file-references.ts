import type MarkdownIt from 'markdown-it';
import { FILE_EMBED_TOKEN, MAX_FILE_REFERENCES } from './file-embed-plugin';
import { md } from './parser';

type Token = ReturnType<MarkdownIt['parse']>[number];

/**
 * The file numbers a text refers to (`![[file:N]]` lines), in order, without repeats, at most
 * MAX_FILE_REFERENCES. Same parser as rendering, so a reference inside code is none here either.
 */
export function extractFileReferences(markdown: string): number[] {
  // Most texts have no files: skip the parse.
  if (!markdown.includes('![[file:')) return [];
  const ids: number[] = [];
  const visit = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (ids.length >= MAX_FILE_REFERENCES) return;
      if (token.type === FILE_EMBED_TOKEN) {
        const id = (token.meta as { id: number }).id;
        if (!ids.includes(id)) ids.push(id);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(markdown, {}));
  return ids;
}
