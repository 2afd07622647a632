import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserError, type UserErrorCode } from '../common/user-error';
import { Page } from './page.entity';
import { Revision } from './revision.entity';

/** Limits on what a person may save, stated in the README and in the messages. */
export const PAGE_LIMITS = {
  titleLength: 200,
  /** UTF-8 bytes of markdown: a long report is about 100 KB. */
  bodyBytes: 500 * 1024,
  summaryLength: 500,
  tagLength: 50,
  tags: 20,
  reasonLength: 1000,
  idempotencyKeyLength: 100,
} as const;

@InputType()
export class CreatePageInput {
  @Field() title!: string;
  @Field() body!: string;
  @Field({ defaultValue: '', description: 'The "about this update" note' }) summary!: string;
  @Field(() => [String], { defaultValue: [] }) tags!: string[];
  @Field(() => String, { nullable: true, description: 'The area the page is filed under' }) areaSlug?: string | null;
}

@InputType()
export class SavePageInput {
  @Field() slug!: string;
  @Field(() => Int, { description: 'The revision the edit started from; edits saved since are merged, or reported as a conflict' })
  baseRevisionId!: number;
  @Field() body!: string;
  @Field({ defaultValue: '' }) summary!: string;
  @Field(() => String, { nullable: true, description: 'A new title renames the page; the old address redirects' }) title?: string | null;
  @Field(() => [String], { nullable: true, description: 'Replaces the keyword tags when given' }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Sent again with the same key (a retry, a resubmitted form), the save returns the revision it already made' })
  idempotencyKey?: string | null;
}

@InputType()
export class RevertPageInput {
  @Field() slug!: string;
  @Field(() => Int, { description: 'The revision whose text to bring back' }) revisionId!: number;
  @Field({ defaultValue: '' }) summary!: string;
}

@InputType()
export class SetPageFeaturedInput {
  @Field() slug!: string;
  @Field() featured!: boolean;
}

@InputType()
export class DeletePageInput {
  @Field() slug!: string;
  @Field() reason!: string;
}

@InputType()
export class RestorePageInput {
  @Field() slug!: string;
}

/** Lines both people changed since the edit started: the saved ones and the person's own. */
@ObjectType('ConflictPart')
export class ConflictPart {
  @Field({ description: 'As the person saving wrote it' }) mine!: string;
  @Field({ description: 'As saved meanwhile by someone else' }) theirs!: string;
  @Field({ description: 'As both started from' }) base!: string;
}

/** An edit that could not be merged: nothing was saved, and both texts are here to resolve. */
@ObjectType('EditConflict')
export class EditConflict {
  @Field(() => Revision, { description: 'The revision saved since the edit started' }) currentRevision!: Revision;
  @Field({ description: "The person's own text, exactly as sent" }) yourText!: string;
  @Field({ description: 'Both texts merged, each conflicting part holding both versions between marker lines' }) mergedText!: string;
  @Field(() => [ConflictPart]) parts!: ConflictPart[];
}

export enum EditOutcome {
  /** A new revision was saved. */
  Saved = 'saved',
  /** Saved, merged with edits saved since the edit started. */
  Merged = 'merged',
  /** The text, title and tags were as they are: nothing new to save. */
  Unchanged = 'unchanged',
  /** Not saved: see `conflict`. */
  Conflict = 'conflict',
  /** Not saved: see `errors`. */
  Invalid = 'invalid',
}
registerEnumType(EditOutcome, { name: 'EditOutcome' });

@ObjectType('PageEditPayload')
export class PageEditPayload {
  @Field(() => EditOutcome) outcome!: EditOutcome;
  @Field(() => Page, { nullable: true }) page!: Page | null;
  @Field(() => Revision, { nullable: true, description: 'The revision saved, when one was' }) revision!: Revision | null;
  @Field(() => EditConflict, { nullable: true }) conflict!: EditConflict | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@ObjectType('PagePayload')
export class PagePayload {
  @Field(() => Page, { nullable: true }) page!: Page | null;
  @Field(() => [UserError]) errors!: UserError[];
}

export function invalid(field: string | null, code: UserErrorCode, message: string): PageEditPayload {
  return { outcome: EditOutcome.Invalid, page: null, revision: null, conflict: null, errors: [{ field, code, message }] };
}
