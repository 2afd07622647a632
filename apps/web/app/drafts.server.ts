import type { AppLoadContext } from 'react-router';
import { field } from './forms.server';
import { graphql } from './graphql';
import { mutate, query } from './load-context';
import type { OfferedDraft } from './drafts';

export type { OfferedDraft } from './drafts';

export const VIEWER_DRAFT = graphql(`query ViewerDraft($key: String!) { viewerDraft(key: $key) { key title body summary tags baseRevisionId savedAt } }`);
export const VIEWER_DRAFTS = graphql(`query ViewerDrafts { viewerDrafts { key title body summary tags baseRevisionId savedAt } }`);
export const SAVE_DRAFT = graphql(`mutation SaveDraft($input: SaveDraftInput!) { saveDraft(input: $input) { draft { savedAt } errors { field message code } } }`);
export const DISCARD_DRAFT = graphql(`mutation DiscardDraft($input: DiscardDraftInput!) { discardDraft(input: $input) { discarded errors { field message code } } }`);


/**
 * The signed-in viewer's draft for a form, and whether this view restores it (`?draft=restore`, the
 * offer's link, which works without scripts). Never cached: the answer is one person's.
 */
export async function loadDraft(context: AppLoadContext, request: Request, key: string): Promise<{ draft: OfferedDraft | null; restored: boolean }> {
  const { viewerDraft } = await query(context, VIEWER_DRAFT, { key }, { cacheable: false, request });
  const restored = viewerDraft !== null && new URL(request.url).searchParams.get('draft') === 'restore';
  return { draft: viewerDraft, restored };
}

/**
 * The signed-in viewer's reply drafts in one thread, by key (the thread's form, each reply's, and
 * each edit of their own replies).
 * People signed out (no form token) ask nothing: their thread pages may be shared.
 */
export async function loadReplyDrafts(context: AppLoadContext, request: Request, threadId: number): Promise<{ drafts: Record<string, OfferedDraft>; restored: boolean }> {
  if (!context.csrfToken) return { drafts: {}, restored: false };
  const { viewerDrafts } = await query(context, VIEWER_DRAFTS, {}, { cacheable: false, request });
  const mine = viewerDrafts.filter((draft) => draft.key === `reply:${threadId}` || draft.key.startsWith(`reply:${threadId}:`) || draft.key.startsWith(`reply-edit:${threadId}:`));
  return { drafts: Object.fromEntries(mine.map((draft) => [draft.key, draft])), restored: new URL(request.url).searchParams.get('draft') === 'restore' };
}

/**
 * The text was posted: its draft goes. `draftTime` (set by the page's script when the form is sent)
 * also shuts out a save still on its way. A failure here must not fail the posting: it is logged.
 */
export async function forgetDraft(context: AppLoadContext, request: Request, key: string, form: FormData): Promise<void> {
  const sent = Date.parse(field(form, 'draftTime'));
  try {
    await mutate(context, DISCARD_DRAFT, { input: { key, savedBefore: Number.isNaN(sent) ? null : new Date(sent).toISOString() } }, { request });
  } catch (error) {
    console.error('The draft of posted text could not be discarded:', error);
  }
}
