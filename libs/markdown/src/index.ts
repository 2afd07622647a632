// Public API of @commonplace/markdown. Pure (no Node-only APIs) so the same code renders
// on the server and in browser previews.
export { slugify } from './slug';
export type { WikiLink } from './wiki-link-plugin';
export { extractWikiLinks } from './wiki-links';
export { renderMarkdown, type RenderOptions } from './render';
export { RECOMMENDATIONS_MARKER, splitPageBody, type PageBodyPart } from './page-body';
export { EXCERPT_MAX, firstParagraphExcerpt, firstSentenceExcerpt, QUOTE_MAX } from './excerpt';
export { MAX_MENTIONS, mentionAt } from './mention-plugin';
export { extractMentions } from './mentions';
export { type EmbeddedFile, fileReference, formatBytes, MAX_FILE_REFERENCES, parseFileReference } from './file-embed-plugin';
export { extractFileReferences } from './file-references';
