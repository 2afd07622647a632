import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { UserErrorCode } from './user-error';

/**
 * What every paginated list shares: Relay's page info, and the one codec for the opaque cursors the
 * lists give out, so that a cursor someone made up or mangled is refused the same way everywhere.
 */

/** Relay-style page info: where this slice of a list sits, and the cursors to move on from it. */
@ObjectType('PageInfo')
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** A position in a list ordered by (createdAt, id), newest first: recent changes, history, the audit log. */
export interface ListPosition {
  createdAt: Date;
  id: number;
}

const LARGEST_INTEGER = 2_147_483_647;

/** The cursor for a position in a list ordered by (createdAt, id). */
export function positionCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString('base64url');
}

/**
 * The position a cursor names, or null for a cursor no list gave out. Only positions PostgreSQL can
 * compare with (an id its integer holds, a four-digit year), so a made-up cursor is refused as such
 * rather than failing in the database.
 */
export function readPositionCursor(cursor: string): ListPosition | null {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (rest.length > 0 || !at || !/^[1-9][0-9]{0,9}$/.test(id ?? '')) return null;
  const createdAt = new Date(at);
  const number = Number(id);
  if (Number.isNaN(createdAt.getTime()) || number > LARGEST_INTEGER) return null;
  const year = createdAt.getUTCFullYear();
  return year >= 1 && year <= 9999 ? { createdAt, id: number } : null;
}

/** The cursor for a row of a list ordered by a big integer id alone (notifications). */
export function idCursor(id: string | number): string {
  return Buffer.from(String(id)).toString('base64url');
}

/** The id a cursor names (as text: a bigint may not fit a number), or null for one no list gave out. */
export function readIdCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, 'base64url').toString();
  return /^[1-9][0-9]{0,18}$/.test(id) ? id : null;
}

/** The cursor for the row at `position` (0-based) in a ranked list, such as search results. */
export function offsetCursor(list: string, position: number): string {
  return Buffer.from(`${list}:${position}`).toString('base64url');
}

/** The position a ranked list's cursor names, or null for one this list did not give out. */
export function readOffsetCursor(list: string, cursor: string): number | null {
  const match = new RegExp(`^${list}:(\\d{1,9})$`).exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : null;
}

/** The typed error for a cursor no list gave out (mangled, or another list's). */
export function refusedCursor(argument: 'after' | 'before'): GraphQLError {
  return new GraphQLError(`The "${argument}" cursor is not one this list gave out. Start again from the first page.`, {
    extensions: { code: UserErrorCode.BAD_USER_INPUT, argumentName: argument },
  });
}
