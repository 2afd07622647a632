import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { UserError } from '../common/user-error';

/** How far one person has read one thread, and what they folded in it. */
export interface ThreadReading {
  threadId: number;
  /** Replies with a greater id, by someone else, not deleted or hidden, are unread. 0: never opened. */
  lastReadReplyId: number;
  unreadCount: number;
  foldedReplyIds: number[];
}

@InputType()
export class MarkThreadReadInput {
  @Field(() => Int) threadId!: number;
  @Field(() => Int, { nullable: true, description: 'Read up to and including this reply (the newest one shown); all replies when left out' })
  upToReplyId?: number | null;
}

@InputType()
export class MarkPageThreadsReadInput {
  @Field({ description: 'The page whose threads are all marked read' }) pageSlug!: string;
}

/** Threads one list may ask about or mark at once: the longest thread list shows 100. */
export const MAX_LISTED_THREADS = 100;

@InputType()
export class MarkThreadsReadInput {
  @Field(() => [Int], { description: `The threads of a list ("Mark all as read" where the list shows them), at most ${MAX_LISTED_THREADS}` }) threadIds!: number[];
}

@ObjectType('ThreadUnreadCount', { description: "How many replies of one thread the viewer has not read" })
export class ThreadUnreadCount {
  @Field(() => Int) threadId!: number;
  @Field(() => Int) unreadCount!: number;
}

@ObjectType('ThreadReadPayload')
export class ThreadReadPayload {
  @Field(() => Int, { description: 'How many threads were marked read' }) markedCount!: number;
  @Field(() => [UserError]) errors!: UserError[];
}

@InputType()
export class FoldRepliesInput {
  @Field(() => Int, { description: 'The reply whose answers are folded away (or shown again)' }) replyId!: number;
  @Field({ description: 'True to hide its answers, false to show them' }) folded!: boolean;
}

@ObjectType('FoldRepliesPayload')
export class FoldRepliesPayload {
  @Field({ description: "Whether the reply's answers are now folded for the viewer" }) folded!: boolean;
  @Field(() => [UserError]) errors!: UserError[];
}
