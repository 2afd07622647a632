import { data, redirect, type AppLoadContext } from 'react-router';
import { curationMutation, intField } from './curation.server';
import type { FormError } from './forms';
import { field } from './forms.server';

/** What a moderation form sends back when it could not do what was asked; `reason` is kept as typed. */
export interface ModerationAnswer {
  /** Which form: `report-reply:<id>`, `report-thread:<id>`, `hide-reply:<id>`, `unhide-reply:<id>`, `thread:<intent>`… */
  target: string;
  errors: FormError[];
  body: string;
  submission: string;
}

const POST_SELECTION = 'thread { id } reply { id }';
export const MODERATION_INTENTS = ['report', 'hide', 'unhide', 'dismiss', 'lock', 'unlock', 'pin', 'unpin'] as const;

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
  const { result, errors } =
    intent === 'report'
      ? await curationMutation<{ flag: { id: number } }>(context, request, 'flagPost', 'FlagPostInput', 'flag { id }', { ...postInput, reason })
      : threadIntent
        ? await curationMutation<{ thread: { id: number } }>(context, request, `${intent}Thread`, 'ModerateThreadInput', POST_SELECTION, { threadId: post.id, reason })
        : await curationMutation<{ thread: { id: number } }>(
            context,
            request,
            intent === 'hide' ? 'hidePost' : intent === 'unhide' ? 'unhidePost' : 'dismissFlags',
            'ModeratePostInput',
            POST_SELECTION,
            { ...postInput, reason },
          );
  if (errors.length > 0 || !result) return moderationProblem(target, errors, reason);
  const threadId = intField(field(form, 'threadId')) ?? ('thread' in result ? result.thread.id : post.id);
  return redirect(back({ ...post, threadId }, intent), 303);
}
