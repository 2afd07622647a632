import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

/** Word diffs, as revisions of pages and versions of replies are compared. */
export enum DiffPartKind {
  Same = 'same',
  Added = 'added',
  Removed = 'removed',
}
registerEnumType(DiffPartKind, { name: 'DiffPartKind' });

@ObjectType('DiffPart', { description: 'A run of text the two revisions share, or that one added or removed' })
export class DiffPart {
  @Field(() => DiffPartKind) kind!: DiffPartKind;
  @Field() text!: string;
}
