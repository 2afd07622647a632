import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { UserError, UserErrorCode } from '../common/user-error';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { Reply } from '../discussions/reply.entity';
import { Thread } from '../discussions/thread.entity';
import { LiveEvents } from '../realtime/live-events.service';
import { recommendationsPageId } from '../recommendations/recommendations-page';
import { AuditService } from './audit.service';
import { Flag } from './flag.entity';
import {
  FlaggedPost,
  FlagPayload,
  FlagPostInput,
  ModeratePostInput,
  ModerateThreadInput,
  ModerationPayload,
  MoveThreadInput,
  PostTargetInput,
  ThreadMoveTargets,
} from './moderation.models';
import { reasonProblem } from './moderation-rules';

/** The queue shows at most this many posts at once (oldest reports first). */
export const QUEUE_SIZE = 100;

const problem = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });
const failed = (error: UserError): ModerationPayload => ({ thread: null, reply: null, errors: [error] });

type Target = { kind: 'thread'; id: number } | { kind: 'reply'; id: number };
type Post = { kind: 'thread'; thread: Thread; reply: null } | { kind: 'reply'; thread: Thread; reply: Reply };

function targetOf(input: PostTargetInput): Target | UserError {
  const threadId = input.threadId ?? null;
  const replyId = input.replyId ?? null;
  if ((threadId === null) === (replyId === null)) return problem(null, 'POST_REQUIRED', 'Say which post: a thread or a reply, not both');
  return threadId !== null ? { kind: 'thread', id: threadId } : { kind: 'reply', id: replyId! };
}

/** The start of a text for the queue: white space collapsed, up to 300 characters. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 300 ? flat : `${flat.slice(0, 299).trimEnd()}…`;
}

/** "reply" or "thread", for messages. */
const noun = (post: Post) => (post.kind === 'reply' ? 'reply' : 'thread');

/**
 * Flags and the acts of moderators on discussions: hiding and unhiding posts, dismissing reports,
 * locking, pinning and moving threads. Each act is one transaction that takes the post's row lock,
 * changes it, resolves its open flags where that follows, and writes the audit entry.
 */
@Injectable()
export class ModerationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  // ---- Participants ----

  /** A participant reports a post; one open report per person per post. */
  async flagPost(input: FlagPostInput, viewer: Viewer | null): Promise<FlagPayload> {
    assertAccess(viewer, Access.SignedIn);
    const reason = input.reason.trim();
    const target = targetOf(input);
    const error = 'code' in target ? target : reasonProblem(reason, true);
    if (error) return { flag: null, errors: [error] };
    const post = target as Target;
    return this.dataSource.transaction(async (db): Promise<FlagPayload> => {
      const found = await this.post(db, post, false);
      if ('code' in found) return { flag: null, errors: [found] };
      const what = noun(found);
      if (found.reply?.deletedAt) return { flag: null, errors: [problem('replyId', 'REPLY_DELETED', 'This reply was deleted by its author, so there is nothing to report')] };
      if ((found.reply ?? found.thread).hiddenAt) return { flag: null, errors: [problem(null, 'ALREADY_HIDDEN', `A moderator has already hidden this ${what}`)] };
      const authorId = found.reply ? found.reply.authorId : found.thread.starterId;
      if (authorId === viewer!.user.id) return { flag: null, errors: [problem(null, 'OWN_POST', `You cannot report your own ${what}`)] };
      // The partial unique indexes decide: a second open report by the same person inserts nothing.
      const inserted: { id: number }[] = await db.query(
        `INSERT INTO flags (reporter_id, thread_id, reply_id, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
        [viewer!.user.id, found.kind === 'thread' ? found.thread.id : null, found.reply?.id ?? null, reason],
      );
      if (inserted.length === 0) {
        return { flag: null, errors: [problem(null, 'ALREADY_FLAGGED', `You have already reported this ${what}; a moderator will look at it`)] };
      }
      return { flag: await db.findOneByOrFail(Flag, { id: inserted[0].id }), errors: [] };
    });
  }

  // ---- Moderators: posts ----

  /** Hides a post (its place kept, "Hidden by a moderator: <reason>") and resolves its open reports as hidden. */
  async hidePost(input: ModeratePostInput, viewer: Viewer | null): Promise<ModerationPayload> {
    assertAccess(viewer, Access.Moderator);
    const reason = input.reason.trim();
    const target = targetOf(input);
    const error = 'code' in target ? target : reasonProblem(reason, true);
    if (error) return failed(error);
    const payload = await this.dataSource.transaction(async (db): Promise<ModerationPayload> => {
      const post = await this.post(db, target as Target, true);
      if ('code' in post) return failed(post);
      const row = post.reply ?? post.thread;
      if (row.hiddenAt) return failed(problem(null, 'ALREADY_HIDDEN', `This ${noun(post)} is already hidden`));
      await db.query(`UPDATE ${post.kind === 'reply' ? 'replies' : 'threads'} SET hidden_at = now(), hidden_by_id = $2, hidden_reason = $3 WHERE id = $1`, [row.id, viewer!.user.id, reason]);
      const resolved = await this.resolveFlags(db, post, viewer!, 'hidden');
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: `${post.kind}.hidden`,
        subjectType: post.kind,
        subjectId: row.id,
        before: { hidden: false },
        after: { hidden: true, threadId: post.thread.id, reportsResolved: resolved },
        reason,
      });
      return this.reloaded(db, post);
    });
    this.changedLive(payload);
    return payload;
  }

  /** Shows a hidden post again. */
  async unhidePost(input: ModeratePostInput, viewer: Viewer | null): Promise<ModerationPayload> {
    assertAccess(viewer, Access.Moderator);
    const reason = input.reason.trim();
    const target = targetOf(input);
    const error = 'code' in target ? target : reasonProblem(reason, false);
    if (error) return failed(error);
    const payload = await this.dataSource.transaction(async (db): Promise<ModerationPayload> => {
      const post = await this.post(db, target as Target, true);
      if ('code' in post) return failed(post);
      const row = post.reply ?? post.thread;
      if (!row.hiddenAt) return failed(problem(null, 'NOT_HIDDEN', `This ${noun(post)} is not hidden`));
      await db.query(`UPDATE ${post.kind === 'reply' ? 'replies' : 'threads'} SET hidden_at = NULL, hidden_by_id = NULL, hidden_reason = NULL WHERE id = $1`, [row.id]);
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: `${post.kind}.unhidden`,
        subjectType: post.kind,
        subjectId: row.id,
        before: { hidden: true, hiddenReason: row.hiddenReason },
        after: { hidden: false, threadId: post.thread.id },
        reason,
      });
      return this.reloaded(db, post);
    });
    this.changedLive(payload);
    return payload;
  }

  /** Closes a post's open reports without hiding it. */
  async dismissFlags(input: ModeratePostInput, viewer: Viewer | null): Promise<ModerationPayload> {
    assertAccess(viewer, Access.Moderator);
    const reason = input.reason.trim();
    const target = targetOf(input);
    const error = 'code' in target ? target : reasonProblem(reason, false);
    if (error) return failed(error);
    return this.dataSource.transaction(async (db) => {
      const post = await this.post(db, target as Target, true);
      if ('code' in post) return failed(post);
      const dismissed = await this.resolveFlags(db, post, viewer!, 'dismissed');
      if (dismissed === 0) return failed(problem(null, 'NO_OPEN_REPORTS', `This ${noun(post)} has no open reports`));
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: `${post.kind}.reports-dismissed`,
        subjectType: post.kind,
        subjectId: (post.reply ?? post.thread).id,
        before: { openReports: dismissed },
        after: { openReports: 0, threadId: post.thread.id },
        reason,
      });
      return this.reloaded(db, post);
    });
  }

  // ---- Moderators: threads ----

  lockThread(input: ModerateThreadInput, viewer: Viewer | null) {
    return this.setThreadState(input, viewer, 'locked_at', true);
  }

  unlockThread(input: ModerateThreadInput, viewer: Viewer | null) {
    return this.setThreadState(input, viewer, 'locked_at', false);
  }

  pinThread(input: ModerateThreadInput, viewer: Viewer | null) {
    return this.setThreadState(input, viewer, 'pinned_at', true);
  }

  unpinThread(input: ModerateThreadInput, viewer: Viewer | null) {
    return this.setThreadState(input, viewer, 'pinned_at', false);
  }

  /** Moves a thread to another page, or to a recommendation (and the page that shows the recommendations). */
  async moveThread(input: MoveThreadInput, viewer: Viewer | null): Promise<ModerationPayload> {
    assertAccess(viewer, Access.Moderator);
    const reason = input.reason.trim();
    const slug = input.pageSlug?.trim() || null;
    const recommendationId = input.recommendationId ?? null;
    const error =
      (slug === null) === (recommendationId === null)
        ? problem('pageSlug', 'TARGET_REQUIRED', 'Choose a page or a recommendation to move the thread to')
        : reasonProblem(reason, true);
    if (error) return failed(error);
    const payload = await this.dataSource.transaction(async (db): Promise<ModerationPayload> => {
      const thread = await this.lockedThread(db, input.threadId);
      if (!thread) return failed(problem('threadId', 'THREAD_NOT_FOUND', 'There is no such thread'));
      let pageId: number | null;
      if (recommendationId !== null) {
        const [found]: { id: number }[] = await db.query(`SELECT id FROM recommendations WHERE id = $1 AND status = 'active'`, [recommendationId]);
        if (!found) return failed(problem('recommendationId', 'RECOMMENDATION_NOT_FOUND', 'There is no such recommendation'));
        pageId = await recommendationsPageId(db);
        if (pageId === null) return failed(problem('recommendationId', 'RECOMMENDATION_NOT_FOUND', 'No page shows the recommendations, so a thread cannot be moved to one'));
      } else {
        const [found]: { id: number }[] = await db.query(
          `SELECT p.id FROM pages p WHERE p.deleted_at IS NULL AND (p.slug = $1 OR p.id = (SELECT page_id FROM page_redirects WHERE slug = $1 LIMIT 1)) LIMIT 1`,
          [slug],
        );
        if (!found) return failed(problem('pageSlug', 'PAGE_NOT_FOUND', 'There is no such page'));
        pageId = found.id;
      }
      if (pageId === thread.pageId && recommendationId === thread.recommendationId) {
        return failed(problem('pageSlug', 'UNCHANGED', 'The thread is already there'));
      }
      const before = { pageId: thread.pageId, recommendationId: thread.recommendationId };
      await db.query('UPDATE threads SET page_id = $2, recommendation_id = $3 WHERE id = $1', [thread.id, pageId, recommendationId]);
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: 'thread.moved',
        subjectType: 'thread',
        subjectId: thread.id,
        before,
        after: { pageId, recommendationId },
        reason,
      });
      return { thread: await db.findOneByOrFail(Thread, { id: thread.id }), reply: null, errors: [] };
    });
    this.changedLive(payload);
    return payload;
  }

  // ---- Reading (moderators) ----

  /** Posts with open reports, the one reported longest ago first, each with its reports (oldest first). */
  async queue(viewer: Viewer | null): Promise<FlaggedPost[]> {
    assertAccess(viewer, Access.Moderator);
    const flags = await this.dataSource.manager.query(
      `SELECT f.id FROM flags f WHERE f.resolved_at IS NULL ORDER BY f.created_at, f.id`,
    ) as { id: number }[];
    if (flags.length === 0) return [];
    const rows = await this.dataSource.manager.findBy(Flag, { id: In(flags.map((flag) => flag.id)) });
    rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
    const groups = new Map<string, Flag[]>();
    for (const flag of rows) {
      const key = flag.replyId !== null ? `reply:${flag.replyId}` : `thread:${flag.threadId}`;
      if (!groups.has(key) && groups.size >= QUEUE_SIZE) continue;
      groups.set(key, [...(groups.get(key) ?? []), flag]);
    }
    const replyIds = [...groups.values()].map((group) => group[0].replyId).filter((id): id is number => id !== null);
    const replies = replyIds.length ? await this.dataSource.manager.findBy(Reply, { id: In(replyIds) }) : [];
    const replyById = new Map(replies.map((reply) => [reply.id, reply]));
    const threadIds = [...new Set([...groups.values()].map((group) => group[0].threadId ?? replyById.get(group[0].replyId!)!.threadId))];
    const threads = await this.dataSource.manager.findBy(Thread, { id: In(threadIds) });
    const threadById = new Map(threads.map((thread) => [thread.id, thread]));
    return [...groups.values()].map((group) => {
      const reply = group[0].replyId !== null ? replyById.get(group[0].replyId)! : null;
      const thread = threadById.get(reply ? reply.threadId : group[0].threadId!)!;
      return {
        thread,
        reply,
        // A reply its author deleted has no text any more (see PostingService.deleteReply); say nothing of it.
        excerpt: excerptOf(reply ? (reply.deletedAt ? '' : (reply.body ?? '')) : thread.body),
        flagCount: group.length,
        firstFlaggedAt: group[0].createdAt,
        flags: group,
      };
    });
  }

  /** Pages (not deleted) by title, and active recommendations by area and position. */
  async moveTargets(viewer: Viewer | null): Promise<ThreadMoveTargets> {
    assertAccess(viewer, Access.Moderator);
    const [pages, recommendations] = await Promise.all([
      this.dataSource.query(`SELECT slug, title FROM pages WHERE deleted_at IS NULL ORDER BY lower(title), id`) as Promise<{ slug: string; title: string }[]>,
      this.dataSource.query(
        `SELECT r.id, r.text, a.title AS "areaTitle" FROM recommendations r JOIN areas a ON a.id = r.area_id
         WHERE r.status = 'active' ORDER BY a.position, r.position, r.id`,
      ) as Promise<{ id: number; text: string; areaTitle: string }[]>,
    ]);
    return { pages, recommendations };
  }

  // ---- Helpers ----

  private async setThreadState(input: ModerateThreadInput, viewer: Viewer | null, column: 'locked_at' | 'pinned_at', on: boolean): Promise<ModerationPayload> {
    assertAccess(viewer, Access.Moderator);
    const reason = input.reason.trim();
    const error = reasonProblem(reason, false);
    if (error) return failed(error);
    const state = column === 'locked_at' ? 'locked' : 'pinned';
    const payload = await this.dataSource.transaction(async (db): Promise<ModerationPayload> => {
      // The row lock waits for replies in flight (they share it), so none lands after "locked".
      const thread = await this.lockedThread(db, input.threadId);
      if (!thread) return failed(problem('threadId', 'THREAD_NOT_FOUND', 'There is no such thread'));
      const current = (column === 'locked_at' ? thread.lockedAt : thread.pinnedAt) !== null;
      const code = on ? (state === 'locked' ? 'ALREADY_LOCKED' : 'ALREADY_PINNED') : state === 'locked' ? 'NOT_LOCKED' : 'NOT_PINNED';
      if (current === on) return failed(problem(null, code, `This thread is ${on ? 'already' : 'not'} ${state}`));
      await db.query(`UPDATE threads SET ${column} = ${on ? 'now()' : 'NULL'} WHERE id = $1`, [thread.id]);
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: `thread.${on ? state : `un${state}`}`,
        subjectType: 'thread',
        subjectId: thread.id,
        before: { [state]: !on },
        after: { [state]: on },
        reason,
      });
      return { thread: await db.findOneByOrFail(Thread, { id: thread.id }), reply: null, errors: [] };
    });
    this.changedLive(payload);
    return payload;
  }

  /** After the commit, the thread's readers hear that a reply (hidden or shown again) or the thread itself changed. */
  private changedLive(payload: ModerationPayload): void {
    if (payload.errors.length > 0) return;
    if (payload.reply) this.live.replyEdited(payload.reply.threadId, payload.reply.id);
    else if (payload.thread) this.live.threadChanged(payload.thread.id);
  }

  private lockedThread(db: EntityManager, id: number): Promise<Thread | null> {
    return db.getRepository(Thread).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The post named, with its thread; locked for update when a moderator acts on it. */
  private async post(db: EntityManager, target: Target, lock: boolean): Promise<Post | UserError> {
    const options = lock ? { lock: { mode: 'pessimistic_write' as const } } : {};
    if (target.kind === 'thread') {
      const thread = await db.getRepository(Thread).findOne({ where: { id: target.id }, ...options });
      return thread ? { kind: 'thread', thread, reply: null } : problem('threadId', 'THREAD_NOT_FOUND', 'There is no such thread');
    }
    const reply = await db.getRepository(Reply).findOne({ where: { id: target.id }, ...options });
    if (!reply) return problem('replyId', 'REPLY_NOT_FOUND', 'There is no such reply');
    return { kind: 'reply', reply, thread: (await db.findOneByOrFail(Thread, { id: reply.threadId })) };
  }

  /** Resolves the post's open reports; returns how many there were. */
  private async resolveFlags(db: EntityManager, post: Post, viewer: Viewer, resolution: 'hidden' | 'dismissed'): Promise<number> {
    const [column, id] = post.kind === 'reply' ? ['reply_id', post.reply.id] : ['thread_id', post.thread.id];
    const [{ count }]: { count: number }[] = await db.query(
      `WITH resolved AS (
         UPDATE flags SET resolved_at = now(), resolved_by_id = $2, resolution = $3 WHERE ${column} = $1 AND resolved_at IS NULL RETURNING id
       ) SELECT count(*)::int AS count FROM resolved`,
      [id, viewer.user.id, resolution],
    );
    return count;
  }

  private async reloaded(db: EntityManager, post: Post): Promise<ModerationPayload> {
    const thread = await db.findOneByOrFail(Thread, { id: post.thread.id });
    const reply = post.reply ? await db.findOneByOrFail(Reply, { id: post.reply.id }) : null;
    return { thread, reply, errors: [] };
  }
}
