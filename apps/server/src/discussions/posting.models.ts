import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserError } from '../common/user-error';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';

/** Limits on what a person may post, stated in the README and in the messages. */
export const DISCUSSION_LIMITS = {
  subjectLength: 200,
  /** UTF-8 bytes of markdown in one post: a long post is about 10 KB. */
  bodyBytes: 50 * 1024,
  tags: 20,
  tagLength: 50,
  idempotencyKeyLength: 100,
  /** Replies nest visually up to this depth; deeper answers are shown at it, saying whom they answer. */
  displayDepth: 4,
} as const;

@InputType()
export class StartThreadInput {
  @Field({ description: 'The page the thread is about' }) pageSlug!: string;
  @Field(() => Int, { nullable: true, description: 'The recommendation of that page the thread is about, if any' })
  recommendationId?: number | null;
  @Field() subject!: string;
  @Field({ description: 'The opening post, in markdown' }) body!: string;
  @Field(() => [String], { defaultValue: [] }) tags!: string[];
}

@InputType()
export class PostReplyInput {
  @Field(() => Int) threadId!: number;
  @Field(() => Int, { nullable: true, description: 'The reply answered; omitted to answer the opening post' })
  parentReplyId?: number | null;
  @Field({ description: 'The reply, in markdown' }) body!: string;
  @Field(() => String, {
    nullable: true,
    description: 'A key the client makes once per reply it writes: posting again with the same key returns the reply already made',
  })
  idempotencyKey?: string | null;
}

@InputType()
export class EditReplyInput {
  @Field(() => Int) replyId!: number;
  @Field() body!: string;
}

@InputType()
export class DeleteReplyInput {
  @Field(() => Int) replyId!: number;
}

@ObjectType('ThreadPayload')
export class ThreadPayload {
  @Field(() => Thread, { nullable: true }) thread!: Thread | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType('ReplyPayload')
export class ReplyPayload {
  @Field(() => Reply, { nullable: true }) reply!: Reply | null;
  @Field(() => Thread, { nullable: true, description: 'The thread the reply is in' }) thread!: Thread | null;
  @Field(() => [UserError]) errors!: UserError[];
}

export enum ThreadSort {
  /** Newest activity (opening post or latest reply) first. */
  Activity = 'activity',
  /** Most people finding the opening post valuable first, then newest activity. */
  Valuable = 'valuable',
}
registerEnumType(ThreadSort, { name: 'ThreadSort' });

@ObjectType('ThreadListPage', { description: "One page of a page's full thread list." })
export class ThreadListPage {
  @Field(() => Int, { description: 'How many threads there are in all' }) totalCount!: number;
  @Field(() => Int, { description: '1-based' }) pageNumber!: number;
  @Field(() => Int) pageCount!: number;
  @Field(() => Int) perPage!: number;
  @Field(() => [Thread]) threads!: Thread[];
}

/** A post's "Do you find this valuable?" answers, as a loader returns them. */
export interface ValuableSummary {
  count: number;
  /** The viewer's answer; null when they have not answered (or are anonymous). */
  viewer: boolean | null;
}

@InputType()
export class AnswerValuableInput {
  @Field(() => Int, { nullable: true, description: "The thread whose opening post is answered (or give replyId)" }) threadId?: number | null;
  @Field(() => Int, { nullable: true, description: 'The reply answered (or give threadId)' }) replyId?: number | null;
  @Field({ description: 'Yes (true) or no (false); answering again changes the answer' }) valuable!: boolean;
}

@ObjectType('ValuablePayload')
export class ValuablePayload {
  @Field(() => Thread, { nullable: true, description: 'The thread answered about, or the thread of the reply' }) thread!: Thread | null;
  @Field(() => Reply, { nullable: true, description: 'The reply answered about, if it was a reply' }) reply!: Reply | null;
  @Field(() => [UserError]) errors!: UserError[];
}
