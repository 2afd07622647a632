import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { User } from '../accounts/user.entity';
import { PageInfo } from '../common/connection';
import { Change } from './change.entity';
import type { RevisionWithoutText } from '../pages/pages.service';

@ObjectType('ChangeEdge')
export class ChangeEdge {
  @Field() cursor!: string;
  @Field(() => Change) node!: Change;
}

/** A slice of a timeline (a page's history, or recent changes across the wiki), newest first. */
@ObjectType('ChangeConnection')
export class ChangeConnection {
  @Field(() => [ChangeEdge]) edges!: ChangeEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many changes the whole list holds' }) totalCount!: number;
  /** Who made the changes and their revisions (without text), read with them; for the loaders, not in GraphQL. */
  read?: { users: User[]; revisions: RevisionWithoutText[] };
}
