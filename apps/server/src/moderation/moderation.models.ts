import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { UserError } from '../common/user-error';
import { Reply } from '../discussions/reply.entity';
import { Thread } from '../discussions/thread.entity';
import { Flag } from './flag.entity';

/** Limits stated in the README and in the messages. */
export const MODERATION_LIMITS = {
  /** Characters in a flag's reason, and in a moderator's reason. */
  reasonLength: 1000,
} as const;

@InputType({ description: 'A post: a thread (its opening post) or a reply. Give exactly one.' })
export class PostTargetInput {
  @Field(() => Int, { nullable: true, description: 'The thread whose opening post is meant (or give replyId)' }) threadId?: number | null;
  @Field(() => Int, { nullable: true, description: 'The reply meant (or give threadId)' }) replyId?: number | null;
}

@InputType()
export class FlagPostInput extends PostTargetInput {
  @Field({ description: `Why a moderator should look; up to ${MODERATION_LIMITS.reasonLength} characters` }) reason!: string;
}

@InputType()
export class ModeratePostInput extends PostTargetInput {
  @Field({ defaultValue: '', description: 'Why; required to hide, shown in place of the hidden post' }) reason!: string;
}

@InputType()
export class ModerateThreadInput {
  @Field(() => Int) threadId!: number;
  @Field({ defaultValue: '', description: 'Why (optional), for the audit log' }) reason!: string;
}

@InputType()
export class MoveThreadInput {
  @Field(() => Int) threadId!: number;
  @Field(() => String, { nullable: true, description: 'The page to move it to (or give recommendationId)' }) pageSlug?: string | null;
  @Field(() => Int, { nullable: true, description: 'The recommendation to move it to; it goes to the page that shows the recommendations' }) recommendationId?: number | null;
  @Field({ description: 'Why, for the audit log (required)' }) reason!: string;
}

@ObjectType('FlagPayload')
export class FlagPayload {
  @Field(() => Flag, { nullable: true, description: 'The report made' }) flag!: Flag | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType('ModerationPayload')
export class ModerationPayload {
  @Field(() => Thread, { nullable: true, description: 'The thread acted on, or the thread of the reply acted on' }) thread!: Thread | null;
  @Field(() => Reply, { nullable: true, description: 'The reply acted on, if it was a reply' }) reply!: Reply | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType('FlaggedPost', { description: 'One post in the moderation queue with its open reports, oldest first' })
export class FlaggedPost {
  @Field(() => Thread, { description: 'The thread flagged, or the thread of the reply flagged' }) thread!: Thread;
  @Field(() => Reply, { nullable: true, description: 'The reply flagged; null when the opening post was' }) reply!: Reply | null;
  @Field({ description: "The start of the post's text (markdown, white space collapsed), up to 300 characters" }) excerpt!: string;
  @Field(() => Int) flagCount!: number;
  @Field() firstFlaggedAt!: Date;
  @Field(() => [Flag]) flags!: Flag[];
}

@ObjectType('MoveTargetPage')
export class MoveTargetPage {
  @Field() slug!: string;
  @Field() title!: string;
}

@ObjectType('MoveTargetRecommendation')
export class MoveTargetRecommendation {
  @Field(() => Int) id!: number;
  @Field() text!: string;
  @Field() areaTitle!: string;
}

@ObjectType('ThreadMoveTargets', { description: 'Where a moderator can move a thread to' })
export class ThreadMoveTargets {
  @Field(() => [MoveTargetPage]) pages!: MoveTargetPage[];
  @Field(() => [MoveTargetRecommendation]) recommendations!: MoveTargetRecommendation[];
}
