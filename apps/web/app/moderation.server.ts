import { data, redirect, type AppLoadContext } from 'react-router';
import { DISMISS_FLAGS, FLAG_POST, HIDE_POST, LOCK_THREAD, PIN_THREAD, UNHIDE_POST, UNLOCK_THREAD, UNPIN_THREAD } from './curation-documents';
import type { FormError } from './forms';
import { field, formMutation, intField } from './forms.server';

/** What a moderation form sends back when it could not do what was asked; `reason` is kept as typed. */
export interface ModerationAnswer {
  /** Which form: `report-reply:<id>`, `report-thread:<id>`, `hide-reply:<id>`, `unhide-reply:<id>`, `thread:<intent>`… */
  target: string;
  errors: FormError[];
  body: string;
  submission: string;
}

export const MODERATION_INTENTS = ['report', 'hide', 'unhide', 'dismiss', 'lock', 'unlock', 'pin', 'unpin'] as const;
const THREAD_MUTATIONS = { lock: LOCK_THREAD, unlock: UNLOCK_THREAD, pin: PIN_THREAD, unpin: UNPIN_THREAD };
const POST_MUTATIONS = { hide: HIDE_POST, unhide: UNHIDE_POST, dismiss: DISMISS_FLAGS };

/** The post a form names: `replyId` or, failing that, `threadId`. */
function postOf(form: FormData): { kind: 'reply' | 'thread'; id: number } | null {
  const replyId = intField(field(form, 'replyId'));
  if (replyId !== null && replyId > 0) return { kind: 'reply', id: replyId };
  const threadId = intField(field(form, 'threadId'));
  return threadId !== null && threadId > 0 ? { kind: 'thread', id: threadId } : null;
}

export function moderationProblem(target: string, errors: FormError[], reason: string) {
  return data({ target, errors, body: reason, submission: crypto.randomUUID() } satisfies ModerationAnswer, { status: 400 });
}

/**
 * The moderation forms of the thread page and the moderation queue (plain POSTs with CSRF, read by
 * the route's action): reporting a post, hiding, unhiding, dismissing reports, and locking and
 * pinning a thread. Null when the intent is not one of these. `back` is where success goes.
 */
export async function moderationAction(
  context: AppLoadContext,
  request: Request,
  form: FormData,
  back: (post: { kind: 'reply' | 'thread'; id: number; threadId: number }, intent: string) => string,
): Promise<Response | ReturnType<typeof moderationProblem> | null> {
  const intent = field(form, 'intent');
  if (!(MODERATION_INTENTS as readonly string[]).includes(intent)) return null;
  const reason = field(form, 'reason');
  const threadIntent = intent === 'lock' || intent === 'unlock' || intent === 'pin' || intent === 'unpin';
  const post = postOf(form);
  if (!post || (threadIntent && post.kind !== 'thread')) return moderationProblem(`${intent}:none`, [{ field: null, message: 'This form could not be understood. Reload the page and try again' }], reason);
  const target = threadIntent ? `thread:${intent}` : `${intent}-${post.kind}:${post.id}`;
  const postInput = post.kind === 'reply' ? { replyId: post.id } : { threadId: post.id };
  const done =
    intent === 'report'
      ? await formMutation(context, request, FLAG_POST, { input: { ...postInput, reason } })
      : threadIntent
        ? await formMutation(context, request, THREAD_MUTATIONS[intent], { input: { threadId: post.id, reason } })
        : await formMutation(context, request, POST_MUTATIONS[intent as keyof typeof POST_MUTATIONS], { input: { ...postInput, reason } });
  if (!done.ok) return moderationProblem(target, done.errors, reason);
  const threadId = intField(field(form, 'threadId')) ?? ('thread' in done.payload && done.payload.thread ? done.payload.thread.id : post.id);
  return redirect(back({ ...post, threadId }, intent), 303);
}
