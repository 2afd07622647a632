import { randomUUID } from 'node:crypto';
import type { TadaDocumentNode } from 'gql.tada';
import type { AppLoadContext } from 'react-router';
import { tooManyAttemptsMessage, type FormError } from './forms';
import { graphql } from './graphql';
import { mutate, TooManyRequests } from './load-context';

/** What the discussion mutations answer: the post made or changed, or problems with what was typed. */
export interface DiscussionAnswer {
  thread?: { readonly id: number } | null;
  reply?: { readonly id: number } | null;
  errors: FormError[];
}

type DiscussionPayload = Omit<DiscussionAnswer, 'errors'> & { readonly errors: readonly { readonly field: string | null; readonly message: string }[] };

export const START_THREAD = graphql(`mutation StartThread($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { field message code } } }`);
export const POST_REPLY = graphql(`mutation PostReply($input: PostReplyInput!) { postReply(input: $input) { reply { id } thread { id } errors { field message code } } }`);
export const EDIT_REPLY = graphql(`mutation EditReply($input: EditReplyInput!) { editReply(input: $input) { reply { id } errors { field message code } } }`);
export const DELETE_REPLY = graphql(`mutation DeleteReply($input: DeleteReplyInput!) { deleteReply(input: $input) { reply { id } errors { field message code } } }`);
export const ANSWER_VALUABLE = graphql(`mutation AnswerValuable($input: AnswerValuableInput!) { answerValuable(input: $input) { thread { id } reply { id } errors { field message code } } }`);

/**
 * Runs a discussion mutation for a form action (the same mutation an API client sends). Refusals are
 * thrown as pages; a rate limit comes back as a form-wide problem, so the person's text stays.
 */
export async function discussionMutation<Input>(
  context: AppLoadContext,
  request: Request,
  document: TadaDocumentNode<{ [name: string]: DiscussionPayload }, { input: Input }>,
  input: Input,
): Promise<DiscussionAnswer> {
  try {
    const [payload] = Object.values(await mutate(context, document, { input }, { request }));
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
