import type MarkdownIt from 'markdown-it';

/**
 * What rendering needs to know about one stored file (the server looks these up in one batch per
 * text, FileCatalogue). `kind` image renders as a figure; anything else as a link naming its type
 * and size.
 */
export interface EmbeddedFile {
  id: number;
  kind: 'image' | 'document';
  /** The file's name as uploaded (for documents without a description). */
  name: string;
  /** The text alternative (images) or the link text (documents); '' when decorative or none given. */
  description: string;
  decorative: boolean;
  /** The current version's full-size (metadata-stripped) copy. */
  url: string;
  /** A short name of its type: "JPEG", "PDF", "Text". */
  typeLabel: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  /** Smaller copies for `srcset`, narrowest first (images only). */
  sizes: { url: string; width: number }[];
  /** Hidden by a moderator: every reference shows a notice instead. */
  hidden: boolean;
}

/** Render-time environment: the file with this id, or null when there is none. */
export interface FileEmbedEnv {
  fileById?: (id: number) => EmbeddedFile | null;
}

export const FILE_EMBED_TOKEN = 'file_embed';

/**
 * The reference syntax, alone on its line: `![[file:42]]`, or with a visible caption
 * `![[file:42|Flip chart from the second workshop]]`. 42 is the file's number (its page is
 * /files/42); the reference follows the file through new versions.
 */
const REFERENCE = /^!\[\[file:([1-9][0-9]{0,9})(?:\|([^\]\n]{0,300}))?\]\]$/;

/** The file numbers a text refers to, in order, without repeats (at most MAX_FILE_REFERENCES). */
export const MAX_FILE_REFERENCES = 100;

export function parseFileReference(line: string): { id: number; caption: string } | null {
  const match = REFERENCE.exec(line.trim());
  if (!match) return null;
  const id = Number(match[1]);
  if (!Number.isSafeInteger(id) || id > 2147483647) return null;
  return { id, caption: (match[2] ?? '').replace(/\s+/g, ' ').trim() };
}

/** The reference line for a file, as the upload form inserts it. */
export function fileReference(id: number, caption = ''): string {
  const clean = caption.replace(/[\]|\n]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean ? `![[file:${id}|${clean}]]` : `![[file:${id}]]`;
}

/** "2.4 MB", "312 KB", "87 bytes": sizes as people read them (decimal units, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

type StateBlock = Parameters<Parameters<MarkdownIt['block']['ruler']['before']>[2]>[0];

function fileEmbedRule(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const end = state.eMarks[startLine];
  // Indented four spaces it is code, as CommonMark says.
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (state.src.charCodeAt(start) !== 0x21 /* ! */ || !state.src.startsWith('![[file:', start)) return false;
  const reference = parseFileReference(state.src.slice(start, end));
  if (!reference) return false;
  if (silent) return true;
  const token = state.push(FILE_EMBED_TOKEN, 'figure', 0);
  token.meta = reference;
  token.map = [startLine, startLine + 1];
  state.line = startLine + 1;
  return true;
}

/** The width a figure takes at most (the reading column); `sizes` tells the browser so. */
const SIZES = '(max-width: 48rem) 100vw, 46rem';

function renderEmbed(md: MarkdownIt, reference: { id: number; caption: string }, env: FileEmbedEnv | undefined): string {
  const escape = md.utils.escapeHtml;
  // Rendered where files cannot be looked up (the editor's preview): say where it will be, not that it is missing.
  if (!env?.fileById) return `<p class="file-missing">[File ${reference.id} is shown here once the text is saved.]</p>\n`;
  const file = env.fileById(reference.id);
  if (!file) return `<p class="file-missing">[File ${reference.id} is missing: it may have been removed, or the number is wrong.]</p>\n`;
  if (file.hidden) return `<p class="file-missing">[A moderator has hidden this file.]</p>\n`;
  const about = `${file.typeLabel}, ${formatBytes(file.byteSize)}`;
  if (file.kind !== 'image') {
    const text = file.description || file.name;
    return `<p><a class="file-link" href="${escape(file.url)}">${escape(text)} (${escape(about)})</a></p>\n`;
  }
  const srcset = [...file.sizes.map((size) => `${size.url} ${size.width}w`), ...(file.width ? [`${file.url} ${file.width}w`] : [])].join(', ');
  const src = file.sizes.find((size) => size.width >= 640)?.url ?? file.url;
  const dimensions = file.width && file.height ? ` width="${file.width}" height="${file.height}"` : '';
  const alt = file.decorative ? '' : file.description;
  const caption = reference.caption ? `${escape(reference.caption)} ` : '';
  return (
    `<figure class="file-figure"><img src="${escape(src)}" srcset="${escape(srcset)}" sizes="${SIZES}"${dimensions} alt="${escape(alt)}" loading="lazy" decoding="async">` +
    `<figcaption>${caption}<a href="${escape(file.url)}">Full size image (${escape(about)})</a> · <a href="/files/${file.id}">About this image</a></figcaption></figure>\n`
  );
}

/** markdown-it plugin for `![[file:N]]` lines (see REFERENCE). */
export function fileEmbedPlugin(md: MarkdownIt): void {
  md.block.ruler.before('paragraph', FILE_EMBED_TOKEN, fileEmbedRule);
  md.renderer.rules[FILE_EMBED_TOKEN] = (tokens, idx, _options, env: FileEmbedEnv | undefined) => renderEmbed(md, tokens[idx].meta as { id: number; caption: string }, env);
}
