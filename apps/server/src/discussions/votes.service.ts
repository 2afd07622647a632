import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { UserError, UserErrorCode } from '../common/user-error';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { LiveEvents } from '../realtime/live-events.service';
import { AnswerValuableInput, ValuablePayload, ValuableSummary } from './posting.models';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';

const refused = (field: string | null, code: UserErrorCode, message: string): ValuablePayload => ({ thread: null, reply: null, errors: [{ field, code, message } satisfies UserError] });

/**
 * "Do you find this valuable?": one answer per person per post (the opening post of a thread or a
 * reply), changeable; nobody answers about their own post. Counts are of the people who said yes.
 */
@Injectable()
export class VotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly live: LiveEvents,
  ) {}

  async answerValuable(input: AnswerValuableInput, viewer: Viewer | null): Promise<ValuablePayload> {
    assertAccess(viewer, Access.SignedIn);
    const userId = viewer!.user.id;
    if ((input.threadId == null) === (input.replyId == null)) {
      return refused(null, 'POST_REQUIRED', 'Say which post you are answering about: a thread or a reply, not both');
    }
    const payload = await this.dataSource.transaction(async (db): Promise<ValuablePayload> => {
      if (input.replyId != null) {
        const reply = await db.getRepository(Reply).findOneBy({ id: input.replyId });
        if (!reply) return refused('replyId', 'REPLY_NOT_FOUND', 'There is no such reply');
        if (reply.deletedAt) return refused('replyId', 'REPLY_DELETED', 'This reply was deleted by its author');
        if (reply.authorId === userId) return refused('replyId', 'OWN_POST', 'You cannot say whether your own post is valuable; others will');
        await db.query(
          `INSERT INTO valuable_votes (user_id, reply_id, value) VALUES ($1, $2, $3)
           ON CONFLICT (reply_id, user_id) WHERE reply_id IS NOT NULL DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [userId, reply.id, input.valuable],
        );
        return { reply, thread: await db.getRepository(Thread).findOneBy({ id: reply.threadId }), errors: [] };
      }
      const thread = await db.getRepository(Thread).findOneBy({ id: input.threadId! });
      if (!thread) return refused('threadId', 'THREAD_NOT_FOUND', 'There is no such thread');
      if (thread.starterId === userId) return refused('threadId', 'OWN_POST', 'You cannot say whether your own post is valuable; others will');
      await db.query(
        `INSERT INTO valuable_votes (user_id, thread_id, value) VALUES ($1, $2, $3)
         ON CONFLICT (thread_id, user_id) WHERE thread_id IS NOT NULL DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [userId, thread.id, input.valuable],
      );
      return { thread, reply: null, errors: [] };
    });
    // Live event, after the commit: the new count for the post.
    if (payload.errors.length === 0 && payload.thread) this.live.valuableChanged(payload.thread.id, payload.reply?.id ?? null);
    return payload;
  }

  /** For each thread's opening post: how many said yes, and the viewer's answer. One statement. */
  threadSummaries(threadIds: readonly number[], viewerId: number | null): Promise<ValuableSummary[]> {
    return this.summaries('thread_id', threadIds, viewerId);
  }

  replySummaries(replyIds: readonly number[], viewerId: number | null): Promise<ValuableSummary[]> {
    return this.summaries('reply_id', replyIds, viewerId);
  }

  private async summaries(column: 'thread_id' | 'reply_id', ids: readonly number[], viewerId: number | null): Promise<ValuableSummary[]> {
    const rows: { post_id: number; count: number; viewer: boolean | null }[] = await this.dataSource.query(
      `SELECT ${column} AS post_id,
              count(*) FILTER (WHERE value)::int AS count,
              (array_agg(value) FILTER (WHERE user_id = $2))[1] AS viewer
       FROM valuable_votes WHERE ${column} = ANY($1) GROUP BY ${column}`,
      [[...ids], viewerId ?? 0],
    );
    const found = new Map(rows.map((row) => [row.post_id, { count: row.count, viewer: row.viewer }]));
    return ids.map((id) => found.get(id) ?? { count: 0, viewer: null });
  }
}
