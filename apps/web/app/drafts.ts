/**
 * Where the browser keeps unsaved page drafts. A module of its own, so the wiki page (which forgets
 * drafts once a page has saved) does not pull the editor's code into every page view.
 */
const DRAFT_PREFIX = 'commonplace:draft:';

/** Drops every draft kept for a page (after it saved), whatever revision it started from. */
export function forgetDrafts(pageKey: string): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(`${DRAFT_PREFIX}${pageKey}:`)) localStorage.removeItem(key);
  } catch {
    // Storage may be off (private windows); there is then nothing to forget.
  }
}

/** One key per page and the revision the edit started from ('new' for a page not yet made). */
export function draftStorageKey(pageKey: string, baseRevisionId?: number): string {
  return `${DRAFT_PREFIX}${pageKey}:${baseRevisionId ?? 'new'}`;
}
