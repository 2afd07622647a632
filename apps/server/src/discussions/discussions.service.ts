import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { byKey, groupByKey } from '../graphql/request-context';
import { ProfilePost, ProfilePostKind, ThreadActivity } from './discussion.models';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';

@Injectable()
export class DiscussionsService {
  constructor(
    @InjectRepository(Thread) private readonly threads: Repository<Thread>,
    @InjectRepository(Reply) private readonly replies: Repository<Reply>,
  ) {}

  findThread(id: number): Promise<Thread | null> {
    return this.threads.findOneBy({ id });
  }

  async threadsByIds(ids: readonly number[]): Promise<(Thread | null)[]> {
    return byKey(ids, await this.threads.findBy({ id: In([...ids]) }), (thread) => thread.id);
  }

  /** A page's threads, newest activity (opening post or latest reply) first. */
  async threadsOfPage(pageId: number, limit: number): Promise<{ totalCount: number; threads: Thread[] }> {
    const [ordered, totalCount] = await Promise.all([
      this.threads.query(
        `SELECT t.id FROM threads t
         LEFT JOIN LATERAL (SELECT max(created_at) AS last FROM replies WHERE thread_id = t.id) r ON true
         WHERE t.page_id = $1 AND t.hidden_at IS NULL
         ORDER BY t.pinned_at IS NULL, coalesce(r.last, t.created_at) DESC, t.id DESC
         LIMIT $2`,
        [pageId, limit],
      ) as Promise<{ id: number }[]>,
      this.threads.countBy({ pageId, hiddenAt: IsNull() }),
    ]);
    return { totalCount, threads: await this.threadsInOrder(ordered.map((row) => row.id)) };
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
