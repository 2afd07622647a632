/**
 * Drafts used to be kept in this browser's storage. They are kept on the server now (ServerDraft,
 * README "Drafts on the server"): on a shared computer the next person could have read them here.
 */
const DRAFT_PREFIX = 'commonplace:draft:';

/** Removes every draft an older version of the site left in this browser. */
export function clearBrowserDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key);
  } catch {
    // Storage may be off (private windows); there is then nothing to remove.
  }
}

/** A draft kept on the server, as a form offers it back. */
export interface OfferedDraft {
  key: string;
  title: string;
  body: string;
  summary: string;
  tags: string;
  baseRevisionId: number | null;
  savedAt: string;
}

/** The draft key of each form (see the server's Draft.key). */
export const draftKeys = {
  pageEdit: (slug: string) => `page-edit:${slug}`,
  pageNew: () => 'page-new',
  threadNew: (slug: string, recommendationId: number | null) => `thread-new:${slug}${recommendationId ? `:${recommendationId}` : ''}`,
  reply: (threadId: number, parentReplyId: number | null) => `reply:${threadId}${parentReplyId ? `:${parentReplyId}` : ''}`,
  replyEdit: (threadId: number, replyId: number) => `reply-edit:${threadId}:${replyId}`,
};
