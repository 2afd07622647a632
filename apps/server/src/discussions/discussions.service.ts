import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { byKey, groupByKey } from '../graphql/request-context';
import { ProfilePost, ProfilePostKind, ThreadActivity } from './discussion.models';
import { User } from '../accounts/user.entity';
import { entityFrom, jsonOf, optionalEntityFrom } from '../database/rows';
import { preparedStatements } from '../database/prepared-statement';
import { Page } from '../pages/page.entity';
import type { ValuableSummary } from './posting.models';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';
import type { ThreadReading } from './thread-reading.models';
import { foldedReplies, unreadReplies } from './thread-reading.service';

/** A thread as a list shows it, with what was read beside it for its fields. */
export interface ThreadRead {
  thread: Thread;
  activity: ThreadActivity;
  /** Its starter and last poster. */
  users: (User | null)[];
  /** Whether the viewer watches it (false when nobody is signed in). */
  watching: boolean;
}

/** A thread with what its own view shows beside it, from one statement; replies only when asked for. */
export interface ThreadViewRead {
  thread: Thread;
  page: Page | null;
  /** Its starter and every reply's author. */
  users: (User | null)[];
  valuable: ValuableSummary;
  watching: boolean;
  replies?: { reply: Reply; valuable: ValuableSummary }[];
  /** How far the viewer has read it, and what they folded; null when signed out. */
  reading: ThreadReading | null;
}

type Json = Record<string, unknown>;

// A page view runs this (read cache off, or after a change): prepared, parsed and planned once per connection.
const THREADS_OF_PAGE = preparedStatements('discussions:threads-of-page');

@Injectable()
export class DiscussionsService {
  constructor(
    @InjectRepository(Thread) private readonly threads: Repository<Thread>,
    @InjectRepository(Reply) private readonly replies: Repository<Reply>,
  ) {}

  /**
   * A thread as its own view shows it, in one statement: its starter and page, "valuable?" answers
   * (count, and `viewerId`'s own), whether `viewerId` watches it, and, when asked for, its replies
   * (oldest first) with their authors and answers. Whether the viewer may read any of it is for
   * the fields to decide, as with the loaders this stands in for.
   */
  async readThread(id: number, viewerId: number | null, withReplies: boolean): Promise<ThreadViewRead | null> {
    const db = this.threads.manager.connection;
    const valuable = (column: string, post: string) =>
      `(SELECT jsonb_build_object('count', count(*) FILTER (WHERE value), 'viewer', (array_agg(value) FILTER (WHERE user_id = $2))[1])
        FROM valuable_votes WHERE ${column} = ${post})`;
    const replies = withReplies
      ? `(SELECT coalesce(jsonb_agg(jsonb_build_object('reply', ${jsonOf(db, Reply, 'r')}, 'author', ${jsonOf(db, User, 'ra')}, 'valuable', ${valuable('reply_id', 'r.id')})
                   ORDER BY r.created_at, r.id), '[]')
          FROM replies r LEFT JOIN users ra ON ra.id = r.author_id WHERE r.thread_id = t.id)`
      : 'NULL';
    // The viewer's reading comes in the same statement (no statement more for someone signed in).
    const reading = viewerId
      ? `(SELECT jsonb_build_object('lastReadReplyId', coalesce(tr.last_read_reply_id, 0), 'unreadCount', ${unreadReplies('$2')}, 'foldedReplyIds', to_jsonb(${foldedReplies('$2')}))
          FROM (SELECT 1) one LEFT JOIN thread_reads tr ON tr.user_id = $2 AND tr.thread_id = t.id)`
      : 'NULL';
    const [row]: { thread: Json; starter: Json | null; page: Json | null; valuable: ValuableSummary; watching: boolean; replies: { reply: Json; author: Json | null; valuable: ValuableSummary }[] | null; reading: Omit<ThreadReading, 'threadId'> | null }[] =
      await this.threads.query(
        `SELECT ${jsonOf(db, Thread, 't')} AS thread, ${jsonOf(db, User, 'starter')} AS starter, ${jsonOf(db, Page, 'p')} AS page,
                ${valuable('thread_id', 't.id')} AS valuable,
                EXISTS (SELECT 1 FROM watches w WHERE w.user_id = $2 AND w.thread_id = t.id) AS watching,
                ${replies} AS replies,
                ${reading} AS reading
         FROM threads t LEFT JOIN users starter ON starter.id = t.starter_id LEFT JOIN pages p ON p.id = t.page_id
         WHERE t.id = $1`,
        [id, viewerId ?? 0],
      );
    if (!row) return null;
    const replyReads = row.replies?.map((item) => ({ reply: entityFrom(db, Reply, item.reply), author: optionalEntityFrom(db, User, item.author), valuable: item.valuable }));
    return {
      thread: entityFrom(db, Thread, row.thread),
      page: optionalEntityFrom(db, Page, row.page),
      users: [optionalEntityFrom(db, User, row.starter), ...(replyReads ?? []).map((item) => item.author)],
      valuable: row.valuable,
      watching: row.watching,
      replies: replyReads?.map(({ reply, valuable }) => ({ reply, valuable })),
      reading: row.reading ? { threadId: id, ...row.reading } : null,
    };
  }

  async threadsByIds(ids: readonly number[]): Promise<(Thread | null)[]> {
    return byKey(ids, await this.threads.findBy({ id: In([...ids]) }), (thread) => thread.id);
  }

  /**
   * A page's threads, newest activity (opening post or latest reply) first, with how many there
   * are, each one's activity, starter and last poster, and whether `viewerId` watches it: one statement.
   */
  async threadsOfPage(pageId: number, limit: number, viewerId: number | null): Promise<{ totalCount: number; threads: ThreadRead[] }> {
    const db = this.threads.manager.connection;
    const rows: {
      thread: Record<string, unknown>;
      total: number;
      reply_count: number;
      last_post_at: Date;
      last_reply_author_id: number | null;
      starter: Record<string, unknown> | null;
      last_poster: Record<string, unknown> | null;
      watching: boolean;
    }[] = await this.threads.query(
      THREADS_OF_PAGE(`SELECT ${jsonOf(db, Thread, 't')} AS thread,
              count(*) OVER ()::int AS total,
              activity.reply_count,
              coalesce(activity.last, t.created_at) AS last_post_at,
              activity.last_reply_author_id,
              ${jsonOf(db, User, 'starter')} AS starter,
              ${jsonOf(db, User, 'poster')} AS last_poster,
              EXISTS (SELECT 1 FROM watches w WHERE w.user_id = $3 AND w.thread_id = t.id) AS watching
       FROM threads t
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS reply_count, max(created_at) AS last,
                (array_agg(author_id ORDER BY created_at DESC, id DESC))[1] AS last_reply_author_id
         FROM replies WHERE thread_id = t.id
       ) activity ON true
       LEFT JOIN users starter ON starter.id = t.starter_id
       LEFT JOIN users poster ON poster.id = activity.last_reply_author_id
       WHERE t.page_id = $1 AND t.hidden_at IS NULL
       ORDER BY t.pinned_at IS NULL, coalesce(activity.last, t.created_at) DESC, t.id DESC
       LIMIT $2`),
      [pageId, limit, viewerId],
    );
    return {
      // Counted before LIMIT; no row at all means there are none.
      totalCount: rows[0]?.total ?? 0,
      threads: rows.map((row) => {
        const thread = entityFrom(db, Thread, row.thread);
        return {
          thread,
          activity: { threadId: thread.id, replyCount: row.reply_count, lastPostAt: row.last_post_at, lastReplyAuthorId: row.last_reply_author_id },
          users: [optionalEntityFrom(db, User, row.starter), optionalEntityFrom(db, User, row.last_poster)],
          watching: row.watching,
        };
      }),
    };
  }

  /** Each recommendation's threads (those started about it), newest activity first: one statement for any number. */
  async threadsByRecommendationIds(recommendationIds: readonly number[]): Promise<Thread[][]> {
    const rows = await this.threads
      .createQueryBuilder('thread')
      .leftJoin((sub) => sub.select('reply.thread_id', 'thread_id').addSelect('max(reply.created_at)', 'last').from('replies', 'reply').groupBy('reply.thread_id'), 'activity', 'activity.thread_id = thread.id')
      .where('thread.recommendation_id IN (:...ids)', { ids: [...recommendationIds] })
      .andWhere('thread.hidden_at IS NULL')
      .orderBy('thread.pinned_at IS NULL', 'ASC')
      .addOrderBy('coalesce(activity.last, thread.created_at)', 'DESC')
      .addOrderBy('thread.id', 'DESC')
      .getMany();
    return groupByKey(recommendationIds, rows, (thread) => thread.recommendationId!);
  }

  /** Threads someone started and replies they wrote, newest first; not what a moderator hid or they deleted. */
  async recentPostsBy(userId: number, limit: number): Promise<ProfilePost[]> {
    const rows: { kind: ProfilePostKind; created_at: Date; thread_id: number; reply_id: number | null }[] = await this.threads.query(
      `(SELECT 'thread' AS kind, created_at, id AS thread_id, NULL::int AS reply_id FROM threads WHERE starter_id = $1 AND hidden_at IS NULL)
       UNION ALL
       (SELECT 'reply', r.created_at, r.thread_id, r.id FROM replies r JOIN threads t ON t.id = r.thread_id
         WHERE r.author_id = $1 AND r.hidden_at IS NULL AND r.deleted_at IS NULL AND t.hidden_at IS NULL)
       ORDER BY created_at DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map((row) => ({ kind: row.kind, createdAt: row.created_at, threadId: row.thread_id, replyId: row.reply_id }));
  }

  /** Threads across the wiki, newest activity first. */
  async recentThreads(limit: number): Promise<Thread[]> {
    const ordered: { id: number }[] = await this.threads.query(
      `SELECT t.id FROM threads t
       LEFT JOIN LATERAL (SELECT max(created_at) AS last FROM replies WHERE thread_id = t.id) r ON true
       WHERE t.hidden_at IS NULL
       ORDER BY coalesce(r.last, t.created_at) DESC, t.id DESC
       LIMIT $1`,
      [limit],
    );
    return this.threadsInOrder(ordered.map((row) => row.id));
  }

  async activityByThreadIds(threadIds: readonly number[]): Promise<ThreadActivity[]> {
    const rows: { thread_id: number; reply_count: number; last_post_at: Date; last_reply_author_id: number | null }[] =
      await this.threads.query(
        `SELECT t.id AS thread_id,
                count(r.id)::int AS reply_count,
                coalesce(max(r.created_at), t.created_at) AS last_post_at,
                (array_agg(r.author_id ORDER BY r.created_at DESC, r.id DESC) FILTER (WHERE r.id IS NOT NULL))[1] AS last_reply_author_id
         FROM threads t LEFT JOIN replies r ON r.thread_id = t.id
         WHERE t.id = ANY($1)
         GROUP BY t.id`,
        [[...threadIds]],
      );
    const activity = rows.map((row) => ({
      threadId: row.thread_id,
      replyCount: row.reply_count,
      lastPostAt: row.last_post_at,
      lastReplyAuthorId: row.last_reply_author_id,
    }));
    return byKey(threadIds, activity, (item) => item.threadId).map(
      (item, index) => item ?? { threadId: threadIds[index], replyCount: 0, lastPostAt: new Date(0), lastReplyAuthorId: null },
    );
  }

  /** Each thread's replies, oldest first. */
  async repliesByThreadIds(threadIds: readonly number[]): Promise<Reply[][]> {
    const rows = await this.replies.find({
      where: { threadId: In([...threadIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return groupByKey(threadIds, rows, (reply) => reply.threadId);
  }

  async repliesByIds(ids: readonly number[]): Promise<(Reply | null)[]> {
    return byKey(ids, await this.replies.findBy({ id: In([...ids]) }), (reply) => reply.id);
  }

  private async threadsInOrder(ids: number[]): Promise<Thread[]> {
    if (ids.length === 0) return [];
    const found = byKey(ids, await this.threads.findBy({ id: In(ids) }), (thread) => thread.id);
    return found.filter((thread): thread is Thread => thread !== null);
  }
}
