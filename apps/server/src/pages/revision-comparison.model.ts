import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Revision } from './revision.entity';

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

/** Two revisions of one page compared word by word. */
@ObjectType('RevisionComparison')
export class RevisionComparison {
  @Field(() => Revision) from!: Revision;
  @Field(() => Revision) to!: Revision;
  @Field(() => [DiffPart], { description: 'Read in order: same, removed and added runs interleaved' }) parts!: DiffPart[];
  @Field(() => Int) wordsAdded!: number;
  @Field(() => Int) wordsRemoved!: number;
  @Field({ description: 'False when there were too many changes to compare word by word: changed paragraphs are shown whole, and the word counts are approximate' })
  wordByWord!: boolean;
}
