import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { User } from '../accounts/user.entity';
import { Thread } from './thread.entity';

/** Reply count and last post of a thread, computed from its replies. */
export interface ThreadActivity {
  threadId: number;
  replyCount: number;
  lastPostAt: Date;
  /** Null when there are no replies: the last post is then the opening post. */
  lastReplyAuthorId: number | null;
}

@ObjectType('ThreadList', { description: "A page's threads, newest activity first." })
export class ThreadList {
  @Field(() => Int, { description: 'How many threads there are in all' })
  totalCount!: number;

  @Field(() => [Thread])
  threads!: Thread[];
}

@ObjectType('PostReference', { description: 'The post a reply answers: the opening post or another reply.' })
export class PostReference {
  @Field(() => Int, { nullable: true, description: 'The reply answered; null for the opening post' })
  replyId!: number | null;

  @Field(() => User)
  author!: User;

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: "The first sentence of the post answered, as plain text, at most 160 characters; null when its words may not be shown (deleted, hidden, not kept) or it has no prose" })
  excerpt!: string | null;
}

export enum ProfilePostKind {
  Thread = 'thread',
  Reply = 'reply',
}
registerEnumType(ProfilePostKind, { name: 'ProfilePostKind' });

/** A thread someone started or a reply they wrote, for their profile page. */
@ObjectType('ProfilePost')
export class ProfilePost {
  @Field(() => ProfilePostKind)
  kind!: ProfilePostKind;

  @Field()
  createdAt!: Date;

  threadId!: number;

  @Field(() => Int, { nullable: true, description: 'The reply, for replies' })
  replyId!: number | null;
}
