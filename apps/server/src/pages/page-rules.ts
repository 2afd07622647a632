import { slugify } from '@commonplace/markdown';
import type { UserError } from '../common/user-error';
import { reasonProblem as sharedReasonProblem } from '../common/reason-rule';
import { PAGE_LIMITS } from './page-editing.models';

/** What is wrong with a page's title, if anything; the slug it gives otherwise. */
export function checkTitle(raw: string): { title: string; slug: string } | UserError {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) return { field: 'title', code: 'TITLE_REQUIRED', message: 'Enter a title for the page' };
  if (title.length > PAGE_LIMITS.titleLength) {
    return { field: 'title', code: 'TITLE_TOO_LONG', message: `The title must be ${PAGE_LIMITS.titleLength} characters or fewer` };
  }
  const slug = slugify(title);
  if (!slug) return { field: 'title', code: 'TITLE_INVALID', message: 'The title must contain at least one letter or number' };
  return { title, slug };
}

export function bodyProblem(body: string): UserError | null {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > PAGE_LIMITS.bodyBytes) {
    return {
      field: 'body',
      code: 'BODY_TOO_LONG',
      message: `The text is ${Math.ceil(bytes / 1024)} KB; a page can hold up to ${PAGE_LIMITS.bodyBytes / 1024} KB. Split it into more than one page`,
    };
  }
  return null;
}

export function summaryProblem(summary: string): UserError | null {
  return summary.length > PAGE_LIMITS.summaryLength
    ? { field: 'summary', code: 'SUMMARY_TOO_LONG', message: `The note about this update must be ${PAGE_LIMITS.summaryLength} characters or fewer` }
    : null;
}

/**
 * Keyword tags as stored: trimmed, lower case, inner spaces kept single, duplicates dropped. Tags
 * may come as a list or as one comma-separated string per item (what a form field sends).
 */
export function normaliseTags(raw: readonly string[]): { tags: string[] } | UserError {
  const tags: string[] = [];
  for (const tag of raw.flatMap((item) => item.split(','))) {
    const clean = tag.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
    if (!clean || tags.includes(clean)) continue;
    if (clean.length > PAGE_LIMITS.tagLength) {
      return { field: 'tags', code: 'TAG_TOO_LONG', message: `Each keyword tag must be ${PAGE_LIMITS.tagLength} characters or fewer` };
    }
    if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(clean)) {
      return { field: 'tags', code: 'TAG_INVALID', message: `Keyword tags can only contain letters, numbers, spaces, dots, hyphens and underscores: “${clean}”` };
    }
    tags.push(clean);
  }
  if (tags.length > PAGE_LIMITS.tags) return { field: 'tags', code: 'TOO_MANY_TAGS', message: `A page can have up to ${PAGE_LIMITS.tags} keyword tags` };
  return { tags };
}

/** Why a page is deleted: the shared rule, with this limit. */
export function reasonProblem(reason: string): UserError | null {
  return sharedReasonProblem(reason, { maxLength: PAGE_LIMITS.reasonLength, required: true });
}
