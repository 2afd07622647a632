import { Injectable } from '@nestjs/common';
import { extractMentions } from '@commonplace/markdown';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UserError, UserErrorCode } from '../common/user-error';
import { Access, accessError, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { NotificationsService } from '../notifications/notifications.service';
import { normaliseTags } from '../pages/page-rules';
import { isUserError } from '../common/user-error';
import { LiveEvents } from '../realtime/live-events.service';
import { Page } from '../pages/page.entity';
import { PageRedirect } from '../pages/page-redirect.entity';
import { recommendationsPageId } from '../recommendations/recommendations-page';
import {
  DeleteReplyInput,
  DISCUSSION_LIMITS,
  EditReplyInput,
  PostReplyInput,
  ReplyPayload,
  StartThreadInput,
  ThreadPayload,
} from './posting.models';
import { postBodyProblem, subjectProblem } from './discussion-rules';
import { mentionProblem } from './mention-check';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';

const problem = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });
const replyError = (error: UserError): ReplyPayload => ({ reply: null, thread: null, errors: [error] });

/**
 * Writing in discussions: starting threads, replying, and authors editing and deleting their own
 * replies. Each act is one transaction; problems with what someone typed come back as typed errors
 * (the caller keeps the text), refusals as GraphQL errors.
 */
@Injectable()
export class PostingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly live: LiveEvents,
  ) {}

  async startThread(input: StartThreadInput, viewer: Viewer | null): Promise<ThreadPayload> {
    assertAccess(viewer, Access.SignedIn);
    const subject = input.subject.replace(/\s+/g, ' ').trim();
    const tags = normaliseTags(input.tags);
    const bodyProblem = postBodyProblem(input.body) ?? (await mentionProblem(this.dataSource.manager, input.body));
    const errors = [subjectProblem(subject), bodyProblem, isUserError(tags) ? tags : null].filter((error): error is UserError => error !== null);
    if (errors.length > 0 || isUserError(tags)) return { thread: null, errors };

    let pageSlug = '';
    const payload = await this.dataSource.transaction(async (db): Promise<ThreadPayload> => {
      const page = await this.pageBySlug(db, input.pageSlug);
      if (!page || page.deletedAt) return { thread: null, errors: [problem('pageSlug', 'PAGE_NOT_FOUND', 'There is no page to start this thread on')] };
      if (input.recommendationId != null) {
        const error = await this.recommendationProblem(db, input.recommendationId, page.id);
        if (error) return { thread: null, errors: [error] };
      }
      const thread = await db.save(
        db.create(Thread, {
          pageId: page.id,
          recommendationId: input.recommendationId ?? null,
          subject,
          body: input.body,
          starterId: viewer!.user.id,
          tags: tags.tags,
        }),
      );
      await this.notifications.recordMentions(db, { authorId: thread.starterId, threadId: thread.id, pageId: page.id, replyId: null, body: thread.body });
      await this.notifications.recordNewThread(db, thread); // watching: auto-watch, tell page and area watchers
      pageSlug = page.slug;
      return { thread, errors: [] };
    });
    // Live event, after the commit.
    if (payload.thread) this.live.threadStarted(payload.thread, pageSlug);
    return payload;
  }

  /**
   * Replies to the opening post or to a reply. With an idempotency key, posting again (a retry, a
   * double submit, several at once) returns the reply the key already made: the unique index on
   * (author, key) decides, so concurrent retries cannot both insert.
   */
  async postReply(input: PostReplyInput, viewer: Viewer | null): Promise<ReplyPayload> {
    assertAccess(viewer, Access.SignedIn);
    const authorId = viewer!.user.id;
    const key = input.idempotencyKey?.trim() || null;
    if (key && key.length > DISCUSSION_LIMITS.idempotencyKeyLength) {
      return replyError(problem('idempotencyKey', 'IDEMPOTENCY_KEY_INVALID', `An idempotency key must be ${DISCUSSION_LIMITS.idempotencyKeyLength} characters or fewer`));
    }
    if (key) {
      const existing = await this.replyByKey(this.dataSource.manager, authorId, key);
      if (existing) return this.retried(existing, input);
    }
    const error = postBodyProblem(input.body) ?? (await mentionProblem(this.dataSource.manager, input.body));
    if (error) return replyError(error);

    // Set only when this call inserted the reply (not for a retry), so a retry sends no second event.
    let created = null as Reply | null;
    const payload = await this.dataSource.transaction(async (db): Promise<ReplyPayload> => {
      // Shares the thread's row lock: a moderator locking it waits for replies in flight, and they for it.
      const thread = await db.getRepository(Thread).findOne({ where: { id: input.threadId }, lock: { mode: 'pessimistic_read' } });
      if (!thread) return replyError(problem('threadId', 'THREAD_NOT_FOUND', 'There is no such thread: it may have been moved or removed'));
      if (thread.lockedAt) return { reply: null, thread, errors: [problem(null, 'THREAD_LOCKED', 'This thread is locked: no new replies can be posted')] };
      const closed = await this.closedThreadProblem(db, thread, 'threadId');
      if (closed) return { reply: null, thread: null, errors: [closed] };
      if (input.parentReplyId != null) {
        const parent = await db.getRepository(Reply).findOneBy({ id: input.parentReplyId });
        if (!parent || parent.threadId !== thread.id) {
          return { reply: null, thread, errors: [problem('parentReplyId', 'REPLY_NOT_FOUND', 'The reply you are answering is not in this thread')] };
        }
        if (parent.deletedAt) {
          return { reply: null, thread, errors: [problem('parentReplyId', 'REPLY_DELETED', 'The reply you are answering was deleted by its author; reply to the thread instead')] };
        }
        // Moderation: a hidden reply cannot be answered.
        if (parent.hiddenAt) {
          return { reply: null, thread, errors: [problem('parentReplyId', 'REPLY_HIDDEN', 'The reply you are answering was hidden by a moderator; reply to the thread instead')] };
        }
      }
      const inserted: { id: number }[] = await db.query(
        `INSERT INTO replies (thread_id, parent_reply_id, author_id, body, idempotency_key)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (author_id, idempotency_key) DO NOTHING
         RETURNING id`,
        [thread.id, input.parentReplyId ?? null, authorId, input.body, key],
      );
      if (inserted.length === 0) {
        // Another request with the same key committed first.
        const existing = (await this.replyByKey(db, authorId, key!))!;
        return this.retried(existing, input);
      }
      const reply = (await db.getRepository(Reply).findOneBy({ id: inserted[0].id }))!;
      await this.notifications.recordMentions(db, { authorId, threadId: thread.id, pageId: thread.pageId, replyId: reply.id, body: reply.body! });
      await this.notifications.recordReply(db, reply, thread); // watching: auto-watch, one notification per watcher
      created = reply;
      return { reply, thread, errors: [] };
    });
    // Live event, after the commit.
    if (created) this.live.replyPosted(created, viewer!.user);
    return payload;
  }

  /** The author changes their reply's text; the earlier text is kept ("edited 2 times"). */
  async editReply(input: EditReplyInput, viewer: Viewer | null): Promise<ReplyPayload> {
    assertAccess(viewer, Access.SignedIn);
    const error = postBodyProblem(input.body);
    if (error) return replyError(error);
    let edited = false;
    const payload = await this.dataSource.transaction(async (db): Promise<ReplyPayload> => {
      const found = await this.ownReply(db, input.replyId, viewer!);
      if (isUserError(found)) return replyError(found);
      const { reply, thread } = found;
      if (thread.lockedAt) return { reply, thread, errors: [problem(null, 'THREAD_LOCKED', 'This thread is locked: its replies cannot be changed')] };
      if (reply.hiddenAt) return { reply, thread, errors: [problem(null, 'REPLY_HIDDEN', 'A moderator hid this reply, so it cannot be edited')] };
      const closed = await this.closedThreadProblem(db, thread, null);
      if (closed) return { reply: null, thread: null, errors: [closed] };
      if (reply.body === input.body) return { reply, thread, errors: [] };
      const mentions = await mentionProblem(db, input.body, extractMentions(reply.body ?? ''));
      if (mentions) return { reply, thread, errors: [mentions] };
      await db.query('INSERT INTO reply_edits (reply_id, previous_body) VALUES ($1, $2)', [reply.id, reply.body]);
      await db.query('UPDATE replies SET body = $2, edited_at = now(), edit_count = edit_count + 1 WHERE id = $1', [reply.id, input.body]);
      // Only people newly mentioned are told: those told when it was posted already have this post's event.
      await this.notifications.recordMentions(db, { authorId: reply.authorId, threadId: thread.id, pageId: thread.pageId, replyId: reply.id, body: input.body });
      edited = true;
      return { reply: (await db.getRepository(Reply).findOneBy({ id: reply.id }))!, thread, errors: [] };
    });
    // Live event, after the commit.
    if (edited && payload.reply) this.live.replyEdited(payload.reply.threadId, payload.reply.id);
    return payload;
  }

  /**
   * The author deletes their reply: its place (and the replies answering it) stay in the thread.
   * Its text and every earlier text of it go in the same transaction, so no query (search, its
   * snippets, the moderation queue, versions, exports) can return words its author took back.
   */
  async deleteReply(input: DeleteReplyInput, viewer: Viewer | null): Promise<ReplyPayload> {
    assertAccess(viewer, Access.SignedIn);
    let deleted = false;
    const payload = await this.dataSource.transaction(async (db): Promise<ReplyPayload> => {
      const found = await this.ownReply(db, input.replyId, viewer!, true);
      if (isUserError(found)) return replyError(found);
      const { reply, thread } = found;
      if (!reply.deletedAt) {
        await db.query('UPDATE replies SET deleted_at = now(), body = NULL WHERE id = $1', [reply.id]);
        await db.query('DELETE FROM reply_edits WHERE reply_id = $1', [reply.id]);
        deleted = true;
      }
      return { reply: (await db.getRepository(Reply).findOneBy({ id: reply.id }))!, thread, errors: [] };
    });
    // Live event, after the commit.
    if (deleted && payload.reply) this.live.replyDeleted(payload.reply.threadId, payload.reply.id);
    return payload;
  }

  /** The reply, locked, if it exists and the viewer wrote it; authors only (moderators hide instead). */
  private async ownReply(db: EntityManager, replyId: number, viewer: Viewer, allowDeleted = false): Promise<{ reply: Reply; thread: Thread } | UserError> {
    const reply = await db.getRepository(Reply).findOne({ where: { id: replyId }, lock: { mode: 'pessimistic_write' } });
    if (!reply) return problem('replyId', 'REPLY_NOT_FOUND', 'There is no such reply');
    if (reply.authorId !== viewer.user.id) throw accessError('FORBIDDEN', 'Only its author can change or delete a reply');
    if (reply.deletedAt && !allowDeleted) return problem('replyId', 'REPLY_DELETED', 'This reply was deleted, so it cannot be edited');
    const thread = (await db.getRepository(Thread).findOneBy({ id: reply.threadId }))!;
    return { reply, thread };
  }

  /**
   * Why nobody may write in this thread any more, beyond a lock: a moderator hid it, or its page
   * was deleted. Either way readers no longer see it, so a reply there would be written unseen.
   */
  private async closedThreadProblem(db: EntityManager, thread: Thread, field: string | null): Promise<UserError | null> {
    if (thread.hiddenAt) return problem(field, 'THREAD_HIDDEN', 'A moderator hid this thread: its replies cannot be added to or changed');
    const page = await db.getRepository(Page).findOneBy({ id: thread.pageId });
    if (!page || page.deletedAt) return problem(field, 'PAGE_DELETED', 'The page this thread is on was deleted: its replies cannot be added to or changed');
    return null;
  }

  /**
   * Why a thread cannot be about this recommendation, if it cannot: it must exist and be active (an
   * archived or merged one takes no new threads, nor does one in an archived area), and the thread
   * must be on the page that shows the recommendations, where such threads are listed.
   */
  private async recommendationProblem(db: EntityManager, recommendationId: number, pageId: number): Promise<UserError | null> {
    const [found]: { status: string; merged_into_id: number | null; area_archived: boolean }[] = await db.query(
      `SELECT r.status, r.merged_into_id, a.archived_at IS NOT NULL AS area_archived FROM recommendations r JOIN areas a ON a.id = r.area_id WHERE r.id = $1`,
      [recommendationId],
    );
    if (!found) return problem('recommendationId', 'RECOMMENDATION_NOT_FOUND', 'There is no such recommendation');
    if (found.status === 'merged') {
      return problem('recommendationId', 'RECOMMENDATION_MERGED', 'This recommendation was merged into another: start the thread about that one instead');
    }
    if (found.status !== 'active' || found.area_archived) {
      return problem('recommendationId', 'RECOMMENDATION_ARCHIVED', 'This recommendation was archived, so no new threads can be started about it');
    }
    if ((await recommendationsPageId(db)) !== pageId) {
      return problem('recommendationId', 'RECOMMENDATION_NOT_ON_PAGE', 'This page does not show the recommendations: start the thread from the recommendation’s own page');
    }
    return null;
  }

  private replyByKey(db: EntityManager, authorId: number, key: string): Promise<Reply | null> {
    return db.getRepository(Reply).findOneBy({ authorId, idempotencyKey: key });
  }

  /** The answer to a retry: the reply the key made, if it was made in answer to the same post. */
  private async retried(existing: Reply, input: PostReplyInput): Promise<ReplyPayload> {
    const thread = await this.dataSource.getRepository(Thread).findOneBy({ id: existing.threadId });
    if (existing.threadId !== input.threadId || (existing.parentReplyId ?? null) !== (input.parentReplyId ?? null)) {
      return { reply: null, thread: null, errors: [problem('idempotencyKey', 'IDEMPOTENCY_KEY_REUSED', 'This key was already used for another reply; send a new key')] };
    }
    return { reply: existing, thread, errors: [] };
  }

  private async pageBySlug(db: EntityManager, slug: string): Promise<Page | null> {
    const page = await db.getRepository(Page).findOneBy({ slug });
    if (page) return page;
    const redirect = await db.getRepository(PageRedirect).findOneBy({ slug });
    return redirect ? db.getRepository(Page).findOneBy({ id: redirect.pageId }) : null;
  }
}
