import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DiffPart } from '../common/diff-part.model';

@ObjectType('ReplyVersion', { description: 'One text a reply has had: the first as posted, then one per edit' })
export class ReplyVersion {
  @Field(() => Int, { description: '1 for the text as first posted' }) number!: number;
  @Field({ description: 'The markdown text' }) body!: string;
  @Field({ description: 'When this text was posted or the edit that made it was saved' }) writtenAt!: Date;
  @Field({ description: 'True for the text the reply shows now' }) current!: boolean;
  @Field(() => Int, { description: 'Words added since the version before (0 for the first)' }) wordsAdded!: number;
  @Field(() => Int, { description: 'Words removed since the version before (0 for the first)' }) wordsRemoved!: number;
  @Field(() => [DiffPart], { description: 'This text compared word by word with the version before; the whole text, unchanged, for the first' })
  changes!: DiffPart[];
  @Field({ description: 'False when there were too many changes to compare word by word: changed paragraphs are shown whole, and the word counts are approximate' })
  wordByWord!: boolean;
}
