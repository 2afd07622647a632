import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { UserError } from '../common/user-error';

/** How long a draft nobody touched is kept, and how many one person may have at once (oldest go first). */
export const DRAFT_LIMITS = {
  keepDays: 30,
  perPerson: 50,
  keyLength: 320,
  /** A save stamped further ahead of the server's clock than this is refused: it would lock the draft. */
  clockAheadMs: 5 * 60_000,
} as const;

@ObjectType('Draft', { description: 'Text the viewer was writing and has not posted yet; only ever shown to them' })
export class Draft {
  @Field({ description: 'What the text is for: page-edit:<slug>, page-new, thread-new:<slug>[:<recommendation>], reply:<thread>[:<reply>]' }) key!: string;
  @Field({ description: "The page's title, or the thread's subject; empty for a reply" }) title!: string;
  @Field() body!: string;
  @Field({ description: '"About this update" of a page edit; empty otherwise' }) summary!: string;
  @Field({ description: 'Keyword tags as typed (comma separated)' }) tags!: string;
  @Field(() => Int, { nullable: true, description: 'For a page edit: the revision it started from, so restoring it merges with later saves' }) baseRevisionId!: number | null;
  @Field({ description: "When it was saved, by the writing browser's clock (the draft's version)" }) savedAt!: Date;
}

@InputType()
export class SaveDraftInput {
  @Field() key!: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field() body!: string;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => String, { nullable: true }) tags?: string | null;
  @Field(() => Int, { nullable: true, description: 'For a page edit: the revision it started from' }) baseRevisionId?: number | null;
  @Field({ description: "When the browser made this save (its clock): the draft's version. An older save than the one kept is refused (DRAFT_OUTDATED)." })
  savedAt!: Date;
}

@ObjectType('SaveDraftPayload')
export class SaveDraftPayload {
  @Field(() => Draft, { nullable: true }) draft!: Draft | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@InputType()
export class DiscardDraftInput {
  @Field() key!: string;
  @Field(() => Date, { nullable: true, description: 'Also refuse any save made before this time (a save still on its way when the text was posted)' })
  savedBefore?: Date | null;
}

@ObjectType('DiscardDraftPayload')
export class DiscardDraftPayload {
  @Field({ description: 'Whether there was a draft to discard' }) discarded!: boolean;
  @Field(() => [UserError]) errors!: UserError[];
}
