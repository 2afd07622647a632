import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { UserError, type UserErrorCode } from '../common/user-error';
import { Recommendation } from './recommendation.entity';
import { Star } from './star.entity';

/** Limits on a star's reason, stated in the README and in the messages. */
export const STAR_LIMITS = {
  /** Characters, after trimming: about a paragraph, enough to say why. */
  reasonLength: 1000,
} as const;

@InputType()
export class MarkRealisticInput {
  @Field(() => Int) recommendationId!: number;
  @Field({ description: `Why this is a simple, realistic mechanism (required, up to ${STAR_LIMITS.reasonLength} characters)` }) reason!: string;
}

@InputType()
export class WithdrawStarInput {
  @Field(() => Int) recommendationId!: number;
}

@InputType()
export class RemoveStarInput {
  @Field(() => Int) starId!: number;
  @Field({ description: 'Why the mark is removed: shown in the history and the moderation log' }) reason!: string;
}

/** What a star mutation answers: the recommendation as it is now, the star made (for markRealistic), or why nothing changed. */
@ObjectType('StarPayload')
export class StarPayload {
  @Field(() => Recommendation, { nullable: true }) recommendation!: Recommendation | null;
  @Field(() => Star, { nullable: true, description: 'The mark made, for markRealistic' }) star!: Star | null;
  @Field(() => [UserError]) errors!: UserError[];
}

export function starFailure(field: string | null, code: UserErrorCode, message: string): StarPayload {
  return { recommendation: null, star: null, errors: [{ field, code, message }] };
}
