import { Field, Int, ObjectType } from '@nestjs/graphql';

/** What a change did, beyond its kind, for the "Latest page update" line, history and recent changes. */
export interface ChangeDetails {
  recommendationIds?: number[];
  /** Renamed: the title and slug before and after. */
  fromTitle?: string;
  toTitle?: string;
  fromSlug?: string;
  toSlug?: string;
  /** Revision: the edit was merged with others saved since it started. */
  merged?: boolean;
  /** Revision: the revision a revert went back to. */
  revertedToRevisionId?: number;
  /** Featured: whether the page is featured after the change. */
  featured?: boolean;
  /** Curation: the recommendation's words (after the change), and before a rewording. */
  recommendationText?: string;
  fromText?: string;
  /** Curation: the areas a move went from and to; an area's title for area changes. */
  fromAreaTitle?: string;
  toAreaTitle?: string;
  areaTitle?: string;
  /** Merged: the recommendation the other was merged into. */
  mergedIntoId?: number;
  /** Area changes: what happened to it, in a word (created, renamed, described, reordered, archived, restored). */
  areaAction?: string;
  /** Star changes: whose mark. */
  starOwnerUsername?: string;
}

/** ChangeDetails as GraphQL shows it: every field present, null where it does not apply. */
@ObjectType('ChangeDetails')
export class ChangeDetailsModel {
  @Field(() => [Int], { nullable: true }) recommendationIds!: number[] | null;
  @Field(() => String, { nullable: true }) fromTitle!: string | null;
  @Field(() => String, { nullable: true }) toTitle!: string | null;
  @Field(() => String, { nullable: true }) fromSlug!: string | null;
  @Field(() => String, { nullable: true }) toSlug!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Revision: the edit was merged with others saved since it started' })
  merged!: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Revision: the revision a revert went back to' })
  revertedToRevisionId!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Featured: whether the page is featured after the change' })
  featured!: boolean | null;
  @Field(() => String, { nullable: true }) recommendationText!: string | null;
  @Field(() => String, { nullable: true }) fromText!: string | null;
  @Field(() => String, { nullable: true }) fromAreaTitle!: string | null;
  @Field(() => String, { nullable: true }) toAreaTitle!: string | null;
  @Field(() => String, { nullable: true }) areaTitle!: string | null;
  @Field(() => Int, { nullable: true }) mergedIntoId!: number | null;
  @Field(() => String, { nullable: true }) areaAction!: string | null;
  @Field(() => String, { nullable: true }) starOwnerUsername!: string | null;
}
