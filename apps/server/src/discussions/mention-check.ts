import { extractMentions } from '@commonplace/markdown';
import type { EntityManager } from 'typeorm';
import type { UserError } from '../common/user-error';
import { unknownMentionsProblem } from './discussion-rules';

/**
 * Why a post's mentions cannot all be told, if they cannot: a name with no account behind it (never
 * made, or deleted). `known` are names the post already held before an edit, accepted as they are
 * (someone mentioned then may have left since; the author is not asked to change that).
 *
 * Everyone with an account may read every thread one can write in (a hidden thread takes no posts
 * or edits, and there are no closed areas), so a name that exists always reaches someone who can
 * read the post; NotificationsService.recordMentions still tells only moderators in a hidden thread.
 * One indexed query (lower(username)), and none for a post without "@".
 */
export async function mentionProblem(db: EntityManager, body: string, known: readonly string[] = []): Promise<UserError | null> {
  const names = extractMentions(body).filter((name) => !known.includes(name));
  if (names.length === 0) return null;
  const rows: { name: string }[] = await db.query('SELECT lower(username) AS name FROM users WHERE lower(username) = ANY($1) AND deleted_at IS NULL', [names]);
  const found = new Set(rows.map((row) => row.name));
  return unknownMentionsProblem(names.filter((name) => !found.has(name)));
}
