import { randomUUID } from 'node:crypto';
import type { AppLoadContext } from 'react-router';
import { tooManyAttemptsMessage, type FormError } from './forms';
import { mutate, TooManyRequests } from './load-context';

/** What the discussion mutations answer: the post made or changed, or problems with what was typed. */
export interface DiscussionAnswer {
  thread?: { id: number } | null;
  reply?: { id: number } | null;
  errors: FormError[];
}

export const START_THREAD = `mutation StartThread($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { field message code } } }`;
export const POST_REPLY = `mutation PostReply($input: PostReplyInput!) { postReply(input: $input) { reply { id } thread { id } errors { field message code } } }`;
export const EDIT_REPLY = `mutation EditReply($input: EditReplyInput!) { editReply(input: $input) { reply { id } errors { field message code } } }`;
export const DELETE_REPLY = `mutation DeleteReply($input: DeleteReplyInput!) { deleteReply(input: $input) { reply { id } errors { field message code } } }`;
export const ANSWER_VALUABLE = `mutation AnswerValuable($input: AnswerValuableInput!) { answerValuable(input: $input) { thread { id } reply { id } errors { field message code } } }`;

/**
 * Runs a discussion mutation for a form action (the same mutation an API client sends). Refusals are
 * thrown as pages; a rate limit comes back as a form-wide problem, so the person's text stays.
 */
export async function discussionMutation(context: AppLoadContext, request: Request, name: string, source: string, input: Record<string, unknown>): Promise<DiscussionAnswer> {
  try {
    const result = await mutate<Record<string, DiscussionAnswer>>(context, source, { input }, { request });
    const payload = result[name];
    return { ...payload, errors: payload.errors.map(({ field, message }) => ({ field: field || null, message })) };
  } catch (error) {
    if (error instanceof TooManyRequests) return { errors: [{ field: null, message: tooManyAttemptsMessage(error.retryAfterSeconds) }] };
    throw error;
  }
}

/** A fresh key for the reply forms of one page render: a double submit or a retry sends it again. */
export function newReplyKey(): string {
  return randomUUID();
}
