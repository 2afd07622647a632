import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DiffPart } from '../common/diff-part.model';
import { Revision } from './revision.entity';

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
