import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import type { UserError, UserErrorCode } from '../common/user-error';
import { MAX_LISTED_THREADS, type FoldRepliesInput, type FoldRepliesPayload, type MarkPageThreadsReadInput, type MarkThreadReadInput, type MarkThreadsReadInput, type ThreadReadPayload, type ThreadReading, type ThreadUnreadCount } from './thread-reading.models';

const problem = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });

/**
 * The replies of thread `t` unread to person `person` (a parameter), given their row `tr` of thread_reads (or none):
 * newer than how far they read, by someone else, and with words to read (not deleted or hidden).
 */
export const unreadReplies = (person: string) => `(SELECT count(*)::int FROM replies r WHERE r.thread_id = t.id AND r.id > coalesce(tr.last_read_reply_id, 0)
    AND r.author_id <> ${person} AND r.deleted_at IS NULL AND r.hidden_at IS NULL)`;
/** The replies of thread `t` whose answers person `person` folded away, by id. */
export const foldedReplies = (person: string) =>
  `coalesce((SELECT array_agg(f.reply_id ORDER BY f.reply_id) FROM reply_folds f WHERE f.user_id = ${person} AND f.thread_id = t.id), '{}')`;

/** A list's thread ids, each once; more than a list shows is not a list (BAD_USER_INPUT). */
function listedThreads(threadIds: readonly number[], argumentName: string): number[] {
  const ids = [...new Set(threadIds)];
  if (ids.length > MAX_LISTED_THREADS) {
    throw new GraphQLError(`At most ${MAX_LISTED_THREADS} threads at once`, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
  }
  return ids;
}

/** Unread replies and folded sub-threads, per person (issue 16): see migration ThreadReading. */
@Injectable()
export class ThreadReadingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Each thread's reading by `viewerId`: one statement for any number of threads. */
  async readingsByThreadIds(viewerId: number, threadIds: readonly number[]): Promise<ThreadReading[]> {
    const rows: { id: number; last_read: number; unread: number; folded: number[] }[] = await this.dataSource.query(
      `SELECT t.id, coalesce(tr.last_read_reply_id, 0) AS last_read, ${unreadReplies('$1')} AS unread, ${foldedReplies('$1')} AS folded
       FROM threads t LEFT JOIN thread_reads tr ON tr.user_id = $1 AND tr.thread_id = t.id
       WHERE t.id = ANY($2)`,
      [viewerId, [...threadIds]],
    );
    const found = new Map(rows.map((row) => [row.id, { threadId: row.id, lastReadReplyId: row.last_read, unreadCount: row.unread, foldedReplyIds: row.folded }]));
    return threadIds.map((id) => found.get(id) ?? { threadId: id, lastReadReplyId: 0, unreadCount: 0, foldedReplyIds: [] });
  }

  /**
   * The viewer's unread count for each of a list's threads (home page, page view, recommendation),
   * in one statement; none for people signed out. Asked apart from the list itself, so the list stays
   * one shared, cacheable read and only this small answer is personal.
   */
  async unreadCounts(threadIds: readonly number[], viewer: Viewer | null): Promise<ThreadUnreadCount[]> {
    const ids = listedThreads(threadIds, 'threadIds');
    if (!viewer || ids.length === 0) return [];
    const readings = await this.readingsByThreadIds(viewer.user.id, ids);
    return readings.map((reading) => ({ threadId: reading.threadId, unreadCount: reading.unreadCount }));
  }

  /**
   * A stamp of everything the person has read: it changes whenever one of their marks moves on or a
   * thread is first marked (marks never move back). With the replies themselves (whose changes are
   * announced), it decides every unread count they are shown, so a page kept for their session is
   * sent again only while it is the same.
   */
  async readingStamp(viewer: Viewer): Promise<string> {
    const [row]: { threads: number; reach: string }[] = await this.dataSource.query(
      'SELECT count(*)::int AS threads, coalesce(sum(last_read_reply_id), 0)::text AS reach FROM thread_reads WHERE user_id = $1',
      [viewer.user.id],
    );
    return `${row.threads}:${row.reach}`;
  }

  /** "Mark all as read" on a list that is not a page's whole thread list: the threads it shows, in one statement. */
  async markThreadsRead(input: MarkThreadsReadInput, viewer: Viewer | null): Promise<ThreadReadPayload> {
    assertAccess(viewer, Access.SignedInEvenIfSuspended);
    const ids = listedThreads(input.threadIds, 'input.threadIds');
    const [{ marked }]: { marked: number }[] = await this.dataSource.query(
      `WITH marked AS (
         INSERT INTO thread_reads (user_id, thread_id, last_read_reply_id)
         SELECT $1, t.id, coalesce((SELECT max(r.id) FROM replies r WHERE r.thread_id = t.id), 0) FROM threads t WHERE t.id = ANY($2)
         ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_reply_id = GREATEST(thread_reads.last_read_reply_id, excluded.last_read_reply_id), read_at = now()
         RETURNING 1
       )
       SELECT count(*)::int AS marked FROM marked`,
      [viewer!.user.id, ids],
    );
    return { markedCount: marked, errors: [] };
  }

  /**
   * Marks a thread read up to a reply (the newest one a view showed, so a reply posted while the
   * page was being drawn stays unread), or wholly. Never moves back: an older view's mark, arriving
   * late, leaves a newer one as it is.
   */
  async markThreadRead(input: MarkThreadReadInput, viewer: Viewer | null): Promise<ThreadReadPayload> {
    assertAccess(viewer, Access.SignedInEvenIfSuspended);
    const rows: { marked: number }[] = await this.dataSource.query(
      `WITH target AS (
         SELECT t.id, coalesce((SELECT max(r.id) FROM replies r WHERE r.thread_id = t.id AND ($3::int IS NULL OR r.id <= $3)), 0) AS up_to
         FROM threads t WHERE t.id = $2
       ), marked AS (
         INSERT INTO thread_reads (user_id, thread_id, last_read_reply_id) SELECT $1, id, up_to FROM target
         ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_reply_id = GREATEST(thread_reads.last_read_reply_id, excluded.last_read_reply_id), read_at = now()
         RETURNING 1
       )
       SELECT count(*)::int AS marked FROM marked`,
      [viewer!.user.id, input.threadId, input.upToReplyId ?? null],
    );
    if (rows[0].marked === 0) return { markedCount: 0, errors: [problem('threadId', 'THREAD_NOT_FOUND', 'There is no such thread')] };
    return { markedCount: 1, errors: [] };
  }

  /** "Mark all as read" on a page's thread list: every thread about the page, in one statement. */
  async markPageThreadsRead(input: MarkPageThreadsReadInput, viewer: Viewer | null): Promise<ThreadReadPayload> {
    assertAccess(viewer, Access.SignedInEvenIfSuspended);
    const [page]: { id: number }[] = await this.dataSource.query('SELECT id FROM pages WHERE slug = $1 AND deleted_at IS NULL', [input.pageSlug]);
    if (!page) return { markedCount: 0, errors: [problem('pageSlug', 'PAGE_NOT_FOUND', 'There is no such page')] };
    const [{ marked }]: { marked: number }[] = await this.dataSource.query(
      `WITH marked AS (
         INSERT INTO thread_reads (user_id, thread_id, last_read_reply_id)
         SELECT $1, t.id, coalesce((SELECT max(r.id) FROM replies r WHERE r.thread_id = t.id), 0) FROM threads t WHERE t.page_id = $2
         ON CONFLICT (user_id, thread_id) DO UPDATE SET last_read_reply_id = GREATEST(thread_reads.last_read_reply_id, excluded.last_read_reply_id), read_at = now()
         RETURNING 1
       )
       SELECT count(*)::int AS marked FROM marked`,
      [viewer!.user.id, page.id],
    );
    return { markedCount: marked, errors: [] };
  }

  /** Folds a reply's answers away for the viewer, or shows them again; remembered on every browser. */
  async foldReplies(input: FoldRepliesInput, viewer: Viewer | null): Promise<FoldRepliesPayload> {
    assertAccess(viewer, Access.SignedInEvenIfSuspended);
    const userId = viewer!.user.id;
    const [reply]: { id: number; thread_id: number }[] = await this.dataSource.query('SELECT id, thread_id FROM replies WHERE id = $1', [input.replyId]);
    if (!reply) return { folded: false, errors: [problem('replyId', 'REPLY_NOT_FOUND', 'There is no such reply')] };
    if (input.folded) {
      await this.dataSource.query('INSERT INTO reply_folds (user_id, reply_id, thread_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [userId, reply.id, reply.thread_id]);
    } else {
      await this.dataSource.query('DELETE FROM reply_folds WHERE user_id = $1 AND reply_id = $2', [userId, reply.id]);
    }
    return { folded: input.folded, errors: [] };
  }
}
