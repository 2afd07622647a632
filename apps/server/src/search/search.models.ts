import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfo } from '../common/connection';

export enum SearchKind {
  PAGE = 'PAGE',
  RECOMMENDATION = 'RECOMMENDATION',
  THREAD = 'THREAD',
  REPLY = 'REPLY',
}
registerEnumType(SearchKind, {
  name: 'SearchKind',
  description: 'What a search result is.',
});

@ObjectType('SearchResult', { description: 'One thing that matched a search.' })
export class SearchResult {
  @Field(() => SearchKind)
  kind!: SearchKind;

  @Field(() => Int, {
    description: 'The id of the page, recommendation, thread or reply',
  })
  id!: number;

  @Field({
    description: "Plain text: the page's title, the recommendation, or the thread's subject (for a reply, its thread's)",
  })
  title!: string;

  @Field({
    description: 'Where it is: /wiki/<slug>, /recommendations/<id>, /threads/<id> or /threads/<id>#reply-<id>',
  })
  url!: string;

  @Field({
    description: 'HTML: escaped text around the matches, each match in <mark>; may be empty',
  })
  snippet!: string;

  @Field(() => String, {
    nullable: true,
    description: "The recommendation area's title, when it belongs to one",
  })
  areaTitle!: string | null;

  @Field(() => Float, { description: 'Relevance; results come highest first' })
  rank!: number;
}

@ObjectType('SearchEdge')
export class SearchEdge {
  @Field() cursor!: string;
  @Field(() => SearchResult) node!: SearchResult;
}

/** A slice of the results, most relevant first. */
@ObjectType('SearchConnection')
export class SearchConnection {
  @Field(() => [SearchEdge]) edges!: SearchEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many results there are in all' })
  totalCount!: number;
}
