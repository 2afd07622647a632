import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserError, type UserErrorCode } from '../common/user-error';
import { Area } from './area.entity';
import { Recommendation } from './recommendation.entity';

/** Limits on curation input, stated in the README and in the messages. */
export const CURATION_LIMITS = {
  recommendationLength: 1000,
  areaTitleLength: 200,
  areaDescriptionLength: 2000,
  reasonLength: 1000,
} as const;

export enum MoveDirection {
  Up = 'up',
  Down = 'down',
}
registerEnumType(MoveDirection, { name: 'MoveDirection' });

@InputType()
export class CreateAreaInput {
  @Field() title!: string;
  @Field({ defaultValue: '' }) description!: string;
}

@InputType()
export class RenameAreaInput {
  @Field(() => Int) areaId!: number;
  @Field() title!: string;
  @Field({ defaultValue: '' }) reason!: string;
}

@InputType()
export class DescribeAreaInput {
  @Field(() => Int) areaId!: number;
  @Field() description!: string;
  @Field({ defaultValue: '' }) reason!: string;
}

/**
 * Moves one item relative to the order as it is when the move runs (read under a lock): one step
 * up or down, or to a position (1 = first). Never a whole list, which may be stale.
 */
@InputType()
export class MoveAreaInput {
  @Field(() => Int) areaId!: number;
  @Field(() => MoveDirection, { nullable: true }) direction?: MoveDirection | null;
  @Field(() => Int, { nullable: true, description: '1 = first; beyond the end means last' }) position?: number | null;
}

@InputType()
export class AreaReasonInput {
  @Field(() => Int) areaId!: number;
  @Field({ defaultValue: '' }) reason!: string;
}

@InputType()
export class ProposeRecommendationInput {
  @Field(() => Int) areaId!: number;
  @Field() text!: string;
}

@InputType()
export class RecommendationReasonInput {
  @Field(() => Int) recommendationId!: number;
  @Field({ defaultValue: '' }) reason!: string;
}

@InputType()
export class MarkRecommendationSeenInput {
  @Field(() => Int) recommendationId!: number;
}

@InputType()
export class RewordRecommendationInput {
  @Field(() => Int) recommendationId!: number;
  @Field() text!: string;
  @Field() reason!: string;
}

@InputType()
export class MoveRecommendationToAreaInput {
  @Field(() => Int) recommendationId!: number;
  @Field(() => Int) areaId!: number;
  @Field({ defaultValue: '' }) reason!: string;
}

@InputType()
export class ReorderRecommendationInput {
  @Field(() => Int) recommendationId!: number;
  @Field(() => MoveDirection, { nullable: true }) direction?: MoveDirection | null;
  @Field(() => Int, { nullable: true, description: '1 = first in its area; beyond the end means last' }) position?: number | null;
}

@InputType()
export class MergeRecommendationsInput {
  @Field(() => Int, { description: 'The one that is merged away (it will redirect)' }) recommendationId!: number;
  @Field(() => Int, { description: 'The survivor' }) intoId!: number;
  @Field({ defaultValue: '' }) reason!: string;
}

@ObjectType('AreaPayload')
export class AreaPayload {
  @Field(() => Area, { nullable: true }) area!: Area | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType('RecommendationPayload')
export class RecommendationPayload {
  @Field(() => Recommendation, { nullable: true }) recommendation!: Recommendation | null;
  @Field(() => [UserError]) errors!: UserError[];
}

export function areaError(field: string | null, code: UserErrorCode, message: string): AreaPayload {
  return { area: null, errors: [{ field, code, message }] };
}

export function recommendationError(field: string | null, code: UserErrorCode, message: string): RecommendationPayload {
  return { recommendation: null, errors: [{ field, code, message }] };
}
