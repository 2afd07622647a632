import { randomUUID } from 'node:crypto';
import { graphql } from './graphql';

export const START_THREAD = graphql(`mutation StartThread($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { field message code } } }`);
export const POST_REPLY = graphql(`mutation PostReply($input: PostReplyInput!) { postReply(input: $input) { reply { id } thread { id } errors { field message code } } }`);
export const EDIT_REPLY = graphql(`mutation EditReply($input: EditReplyInput!) { editReply(input: $input) { reply { id } errors { field message code } } }`);
export const DELETE_REPLY = graphql(`mutation DeleteReply($input: DeleteReplyInput!) { deleteReply(input: $input) { reply { id } errors { field message code } } }`);
export const ANSWER_VALUABLE = graphql(`mutation AnswerValuable($input: AnswerValuableInput!) { answerValuable(input: $input) { thread { id } reply { id } errors { field message code } } }`);

/** A fresh key for the reply forms of one page render: a double submit or a retry sends it again. */
export function newReplyKey(): string {
  return randomUUID();
}
