import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { User } from '../accounts/user.entity';
import { Change } from './change.entity';
import type { RevisionWithoutText } from './pages.service';

/** Relay-style page info: where this slice of a list sits, and the cursors to move on from it. */
@ObjectType('PageInfo')
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

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

/** Changes are ordered by (createdAt, id); a cursor names one such position, opaquely. */
export function changeCursor(change: Pick<Change, 'createdAt' | 'id'>): string {
  return Buffer.from(`${change.createdAt.toISOString()}|${change.id}`).toString('base64url');
}

export function parseChangeCursor(cursor: string): { createdAt: Date; id: number } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at);
  const number = Number(id);
  return Number.isNaN(createdAt.getTime()) || !Number.isInteger(number) ? null : { createdAt, id: number };
}
