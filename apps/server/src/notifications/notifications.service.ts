import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GraphQLError } from 'graphql';
import { DataSource, EntityManager } from 'typeorm';
import { extractMentions } from '@commonplace/markdown';
import type { UserError, UserErrorCode } from '../common/user-error';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { User, UserRole } from '../accounts/user.entity';
import { idCursor, readIdCursor, refusedCursor } from '../common/connection';
import { preparedStatement } from '../database/prepared-statement';
import {
  EmailFrequency,
  NotificationConnection,
  NotificationKind,
  NotificationModel,
  NotificationSettings,
  NotificationSettingsPayload,
  NotificationsReadPayload,
  UpdateNotificationSettingsInput,
  WatchInput,
  WatchPayload,
} from './notification.models';

export const MAX_NOTIFICATIONS = 100;
const problem = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });

/** Which watches a thread's events reach: the thread, its page, and the area of its page or recommendation. */
const THREAD_WATCHERS = `
  SELECT user_id FROM watches WHERE thread_id = $1
  UNION ALL SELECT user_id FROM watches WHERE page_id = $2
  UNION ALL SELECT w.user_id FROM watches w
    WHERE w.area_id IN (SELECT area_id FROM pages WHERE id = $2 UNION SELECT area_id FROM recommendations WHERE id = $3)`;

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  actor_id: number;
  actor_username: string;
  actor_display_name: string;
  actor_role: UserRole;
  actor_created_at: Date;
  thread_id: number | null;
  thread_subject: string | null;
  reply_id: number | null;
  page_slug: string | null;
  page_title: string | null;
  revision_id: number | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * A notification about a post that was since hidden by a moderator or deleted by its author is not
 * shown, counted or emailed: its subject can no longer be read. `n` is the notification.
 */
export const NOTIFICATION_STILL_READABLE = `NOT EXISTS (SELECT 1 FROM replies hr WHERE hr.id = n.reply_id AND (hr.hidden_at IS NOT NULL OR hr.deleted_at IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM threads ht WHERE ht.id = n.thread_id AND ht.hidden_at IS NOT NULL)`;

/** The signed-in header's unread count, on every page a signed-in person views: prepared, so it is planned once per connection. */
const UNREAD_COUNT = preparedStatement(
  'notifications:unread-count',
  `SELECT count(*)::int AS count FROM notifications n WHERE n.recipient_id = $1 AND n.read_at IS NULL AND ${NOTIFICATION_STILL_READABLE}`,
);

/**
 * The statement that tells the watchers of a page and of its area about new revisions, once per
 * person, never the author: `edits` is a relation of (page_id, area_id, revision_id, author_id).
 * PageEditingService's one-statement save uses it as a step of its own statement.
 */
export function pageEditNotifications(edits: string): string {
  return `INSERT INTO notifications (recipient_id, kind, event_key, actor_id, page_id, revision_id)
    SELECT DISTINCT w.user_id, 'page-edit', 'revision:' || e.revision_id, e.author_id, e.page_id, e.revision_id
    FROM ${edits} e
    CROSS JOIN LATERAL (SELECT user_id FROM watches WHERE page_id = e.page_id UNION ALL SELECT user_id FROM watches WHERE area_id = e.area_id) w
    WHERE w.user_id <> e.author_id
    ON CONFLICT (recipient_id, event_key) DO NOTHING`;
}

/**
 * Watching, and the notifications that watching brings. Events are recorded inside the transaction
 * that makes them (a reply, a thread, a page edit), in one set-based statement each: one
 * notification per event per person however many of their watches it reaches, never to the actor.
 * What has since been hidden or deleted is filtered where notifications are read and emailed.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- recording (called by PostingService and PageEditingService inside their transactions) ----

  /**
   * The people a thread's opening post or a reply mentions (`@username`) are told, once per post:
   * the event key names the post, so editing it tells only people newly mentioned. Never the author,
   * never a deleted account, and in a thread a moderator hid only moderators and administrators, who
   * may still read it. An unknown name tells nobody. Called before recordReply / recordNewThread,
   * which then leave out whoever was told here: one notification per person per post.
   */
  async recordMentions(db: EntityManager, post: { authorId: number; threadId: number; pageId: number; replyId: number | null; body: string }): Promise<void> {
    const names = extractMentions(post.body);
    if (names.length === 0) return;
    const eventKey = post.replyId === null ? `mention:thread:${post.threadId}` : `mention:reply:${post.replyId}`;
    await db.query(
      `INSERT INTO notifications (recipient_id, kind, event_key, actor_id, thread_id, reply_id, page_id)
       SELECT u.id, 'mention', $1, $2::int, t.id, $4::int, $5::int
       FROM users u JOIN threads t ON t.id = $3::int
       WHERE lower(u.username) = ANY($6) AND u.deleted_at IS NULL AND u.id <> $2::int
         AND (t.hidden_at IS NULL OR u.role IN ('moderator', 'admin'))
       ON CONFLICT (recipient_id, event_key) DO NOTHING`,
      [eventKey, post.authorId, post.threadId, post.replyId, post.pageId, names],
    );
  }

  /** A reply was posted: auto-watch the thread for its author (if they want), tell every watcher once. */
  async recordReply(db: EntityManager, reply: { id: number; authorId: number }, thread: { id: number; pageId: number; recommendationId: number | null }): Promise<void> {
    await db.query(
      `WITH auto_watch AS (
         INSERT INTO watches (user_id, thread_id) SELECT id, $1 FROM users WHERE id = $4 AND auto_watch
         ON CONFLICT (thread_id, user_id) WHERE thread_id IS NOT NULL DO NOTHING
       )
       INSERT INTO notifications (recipient_id, kind, event_key, actor_id, thread_id, reply_id, page_id)
       SELECT DISTINCT user_id, 'reply', 'reply:' || $5::int, $4::int, $1::int, $5::int, $2::int
       FROM (${THREAD_WATCHERS}) watchers WHERE user_id <> $4
         AND NOT EXISTS (SELECT 1 FROM notifications m WHERE m.recipient_id = watchers.user_id AND m.event_key = 'mention:reply:' || $5::int)
       ON CONFLICT (recipient_id, event_key) DO NOTHING`,
      [thread.id, thread.pageId, thread.recommendationId, reply.authorId, reply.id],
    );
  }

  /** A thread was started: auto-watch it for its starter; tell the watchers of its page and area. */
  async recordNewThread(db: EntityManager, thread: { id: number; pageId: number; recommendationId: number | null; starterId: number }): Promise<void> {
    await db.query(
      `WITH auto_watch AS (
         INSERT INTO watches (user_id, thread_id) SELECT id, $1 FROM users WHERE id = $4 AND auto_watch
         ON CONFLICT (thread_id, user_id) WHERE thread_id IS NOT NULL DO NOTHING
       )
       INSERT INTO notifications (recipient_id, kind, event_key, actor_id, thread_id, page_id)
       SELECT DISTINCT user_id, 'new-thread', 'thread:' || $1::int, $4::int, $1::int, $2::int
       FROM (${THREAD_WATCHERS}) watchers WHERE user_id <> $4
         AND NOT EXISTS (SELECT 1 FROM notifications m WHERE m.recipient_id = watchers.user_id AND m.event_key = 'mention:thread:' || $1::int)
       ON CONFLICT (recipient_id, event_key) DO NOTHING`,
      [thread.id, thread.pageId, thread.recommendationId, thread.starterId],
    );
  }

  /** A page got a new revision: tell the watchers of the page and of its area. */
  async recordPageEdit(db: EntityManager, page: { id: number; areaId: number | null }, revision: { id: number; authorId: number }): Promise<void> {
    await db.query(pageEditNotifications('(SELECT $1::int AS page_id, $2::int AS area_id, $3::int AS revision_id, $4::int AS author_id)'), [page.id, page.areaId, revision.id, revision.authorId]);
  }

  // ---- watching ----

  async watch(input: WatchInput, viewer: Viewer | null, watching: boolean): Promise<WatchPayload> {
    assertAccess(viewer, Access.SignedIn);
    const target = await this.resolveTarget(input);
    if ('code' in target) return { watching: !watching, errors: [target] };
    const userId = viewer!.user.id;
    if (watching) {
      await this.dataSource.query(
        `INSERT INTO watches (user_id, ${target.column}) VALUES ($1, $2)
         ON CONFLICT (${target.column}, user_id) WHERE ${target.column} IS NOT NULL DO NOTHING`,
        [userId, target.id],
      );
    } else {
      await this.dataSource.query(`DELETE FROM watches WHERE user_id = $1 AND ${target.column} = $2`, [userId, target.id]);
    }
    return { watching, errors: [] };
  }

  private async resolveTarget(input: WatchInput): Promise<{ column: 'thread_id' | 'page_id' | 'area_id'; id: number } | UserError> {
    const named = [input.threadId, input.pageSlug, input.areaId].filter((value) => value != null).length;
    if (named !== 1) return problem(null, 'TARGET_REQUIRED', 'Say what to watch: one thread, page or area');
    if (input.threadId != null) {
      const [row]: { id: number }[] = await this.dataSource.query('SELECT id FROM threads WHERE id = $1', [input.threadId]);
      return row ? { column: 'thread_id', id: row.id } : problem('threadId', 'THREAD_NOT_FOUND', 'There is no such thread');
    }
    if (input.pageSlug != null) {
      const [row]: { id: number }[] = await this.dataSource.query(
        `SELECT id FROM pages WHERE slug = $1 AND deleted_at IS NULL
         UNION ALL SELECT p.id FROM page_redirects r JOIN pages p ON p.id = r.page_id WHERE r.slug = $1 AND p.deleted_at IS NULL LIMIT 1`,
        [input.pageSlug],
      );
      return row ? { column: 'page_id', id: row.id } : problem('pageSlug', 'PAGE_NOT_FOUND', 'There is no such page');
    }
    const [row]: { id: number }[] = await this.dataSource.query('SELECT id FROM areas WHERE id = $1', [input.areaId]);
    return row ? { column: 'area_id', id: row.id } : problem('areaId', 'AREA_NOT_FOUND', 'There is no such area');
  }

  /** For each id, whether the viewer watches that thread, page or area itself (one statement). */
  async watchingByIds(column: 'thread_id' | 'page_id' | 'area_id', ids: readonly number[], viewerId: number | null): Promise<boolean[]> {
    if (viewerId === null) return ids.map(() => false);
    const rows: { id: number }[] = await this.dataSource.query(`SELECT ${column} AS id FROM watches WHERE user_id = $1 AND ${column} = ANY($2)`, [viewerId, [...ids]]);
    const found = new Set(rows.map((row) => row.id));
    return ids.map((id) => found.has(id));
  }

  // ---- reading and marking ----

  async notifications(viewer: Viewer | null, first: number, after: string | null): Promise<NotificationConnection> {
    assertAccess(viewer, Access.SignedInEvenIfSuspended);
    if (!Number.isInteger(first) || first < 1 || first > MAX_NOTIFICATIONS) {
      throw new GraphQLError(`"first" must be from 1 to ${MAX_NOTIFICATIONS}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    let afterId: string | null = null;
    if (after) {
      afterId = readIdCursor(after);
      if (afterId === null) throw refusedCursor('after');
    }
    const userId = viewer!.user.id;
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT n.id::text AS id, n.kind, n.actor_id, a.username AS actor_username, a.display_name AS actor_display_name, a.role AS actor_role,
              a.created_at AS actor_created_at, n.thread_id, t.subject AS thread_subject, n.reply_id, p.slug AS page_slug, p.title AS page_title,
              n.revision_id, n.created_at, n.read_at
       FROM notifications n
       JOIN users a ON a.id = n.actor_id
       LEFT JOIN threads t ON t.id = n.thread_id
       LEFT JOIN pages p ON p.id = n.page_id
       WHERE n.recipient_id = $1 AND ($2::bigint IS NULL OR n.id < $2::bigint) AND ${NOTIFICATION_STILL_READABLE}
       ORDER BY n.id DESC LIMIT $3`,
      [userId, afterId, first + 1],
    );
    const [counts]: { total: number; unread: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread FROM notifications n WHERE n.recipient_id = $1 AND ${NOTIFICATION_STILL_READABLE}`,
      [userId],
    );
    const hasNextPage = rows.length > first;
    const edges = rows.slice(0, first).map((row) => ({ cursor: idCursor(row.id), node: toModel(row) }));
    return {
      edges,
      pageInfo: { hasNextPage, hasPreviousPage: after !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: counts.total,
      unreadCount: counts.unread,
    };
  }

  async unreadCount(viewer: Viewer | null): Promise<number> {
    if (!viewer) return 0;
    const [row]: { count: number }[] = await this.dataSource.query(UNREAD_COUNT(), [viewer.user.id]);
    return row.count;
  }

  async markRead(viewer: Viewer | null, notificationId: string | null): Promise<NotificationsReadPayload> {
    assertAccess(viewer, Access.SignedIn);
    const userId = viewer!.user.id;
    if (notificationId !== null) {
      if (!/^[1-9][0-9]{0,18}$/.test(notificationId)) {
        return { unreadCount: await this.unreadCount(viewer), errors: [problem('notificationId', 'NOTIFICATION_NOT_FOUND', 'There is no such notification')] };
      }
      // Someone else's notification is "not found" too: its existence is not the viewer's business.
      const [found]: { id: string }[] = await this.dataSource.query('SELECT id FROM notifications WHERE id = $1 AND recipient_id = $2', [notificationId, userId]);
      if (found) await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE id = $1 AND read_at IS NULL', [notificationId]);
      else return { unreadCount: await this.unreadCount(viewer), errors: [problem('notificationId', 'NOTIFICATION_NOT_FOUND', 'There is no such notification')] };
    } else {
      await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL', [userId]);
    }
    return { unreadCount: await this.unreadCount(viewer), errors: [] };
  }

  // ---- settings ----

  async settings(viewer: Viewer | null): Promise<NotificationSettings> {
    assertAccess(viewer, Access.SignedInEvenIfSuspended);
    const [row]: { auto_watch: boolean; email_frequency: EmailFrequency; has_email: boolean; live_updates_paused: boolean }[] = await this.dataSource.query(
      'SELECT auto_watch, email_frequency, email IS NOT NULL AND email_confirmed_at IS NOT NULL AS has_email, live_updates_paused FROM users WHERE id = $1',
      [viewer!.user.id],
    );
    return {
      autoWatch: row.auto_watch,
      emailFrequency: row.email_frequency,
      emailAvailable: Boolean(process.env.SMTP_URL),
      hasEmail: row.has_email,
      pauseLiveUpdates: row.live_updates_paused,
    };
  }

  async updateSettings(input: UpdateNotificationSettingsInput, viewer: Viewer | null): Promise<NotificationSettingsPayload> {
    assertAccess(viewer, Access.SignedIn);
    if (input.autoWatch == null && input.emailFrequency == null && input.pauseLiveUpdates == null) {
      return { settings: null, errors: [problem(null, 'SETTINGS_REQUIRED', 'Choose at least one setting to change')] };
    }
    await this.dataSource.query(
      `UPDATE users SET auto_watch = coalesce($2, auto_watch), email_frequency = coalesce($3, email_frequency),
         live_updates_paused = coalesce($4, live_updates_paused) WHERE id = $1`,
      [viewer!.user.id, input.autoWatch ?? null, input.emailFrequency ?? null, input.pauseLiveUpdates ?? null],
    );
    return { settings: await this.settings(viewer), errors: [] };
  }
}

function toModel(row: NotificationRow): NotificationModel {
  const actor = Object.assign(new User(), {
    id: row.actor_id,
    username: row.actor_username,
    displayName: row.actor_display_name,
    role: row.actor_role,
    createdAt: row.actor_created_at,
  });
  return {
    id: row.id,
    kind: row.kind,
    actor,
    threadId: row.thread_id,
    threadSubject: row.thread_subject,
    replyId: row.reply_id,
    pageSlug: row.page_slug,
    pageTitle: row.page_title,
    revisionId: row.revision_id,
    createdAt: row.created_at,
    readAt: row.read_at,
    unread: row.read_at === null,
  };
}
