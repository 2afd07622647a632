import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum PagePartKind {
  /** Sanitised HTML rendered from the page's markdown. */
  Html = 'html',
  /** Where the page shows the recommendation areas, rendered from their records. */
  Recommendations = 'recommendations',
}
registerEnumType(PagePartKind, { name: 'PagePartKind' });

@ObjectType('PagePart', { description: "A part of a page's rendered body, in order." })
export class PagePart {
  @Field(() => PagePartKind)
  kind!: PagePartKind;

  @Field(() => String, { nullable: true, description: 'Sanitised HTML, for html parts' })
  html!: string | null;
}
