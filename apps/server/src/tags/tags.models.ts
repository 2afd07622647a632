import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Thread } from '../discussions/thread.entity';
import { Page } from '../pages/page.entity';

/** A keyword tag and how many shown pages and threads carry it. */
@ObjectType('TagCount')
export class TagCount {
  @Field() name!: string;
  @Field(() => Int, { description: 'Pages with this tag (deleted pages are not counted)' }) pageCount!: number;
  @Field(() => Int, { description: 'Threads with this tag (threads on deleted pages are not counted)' }) threadCount!: number;
}

/** Everything carrying one tag. */
@ObjectType('TagListing')
export class TagListing {
  @Field() name!: string;
  @Field(() => [Page], { description: 'Pages with the tag, by title' }) pages!: Page[];
  @Field(() => [Thread], { description: 'Threads with the tag, newest first' }) threads!: Thread[];
}
