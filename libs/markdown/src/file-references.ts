import { FILE_EMBED_TOKEN, MAX_FILE_REFERENCES } from './file-embed-plugin';
import { distinctTokenValues } from './parser';

/**
 * The file numbers a text refers to (`![[file:N]]` lines), in order, without repeats, at most
 * MAX_FILE_REFERENCES. Same parser as rendering, so a reference inside code is none here either.
 */
export function extractFileReferences(markdown: string): number[] {
  // Most texts have no files: skip the parse.
  if (!markdown.includes('![[file:')) return [];
  return distinctTokenValues(markdown, FILE_EMBED_TOKEN, (token) => (token.meta as { id: number }).id, MAX_FILE_REFERENCES);
}
