import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../graphql/request-context';
import { clearCookie, rotateCsrfToken, SESSION_COOKIE } from '../http/cookies';
import { Access, assertAccess } from './access';
import { PASSWORD_MAX } from './account-rules';
import { DeleteAccountInput, DeleteAccountPayload } from './account.models';
import { PasswordHasher } from './password-hasher.service';
import { SessionsService } from './sessions.service';
import { UserRole } from './user.entity';

/** How a deleted account's posts are attributed, wherever a name would be shown. */
export const FORMER_PARTICIPANT = 'a former participant';

/**
 * A deleted account's username: `~` and its id. No one can register or sign in with it (usernames
 * are letters, digits, `.`, `-` and `_`), so the person's own username is freed for anyone, and
 * the web client knows by the `~` not to link to a profile.
 */
export function formerUsername(id: number): string {
  return `~${id}`;
}

/** The format of the personal data download; raised when what it holds changes. */
export const PERSONAL_DATA_FORMAT = 1;

/**
 * UK GDPR rights of access and erasure: everything stored about a person, as one JSON document,
 * and deleting their account (their contributions stay, attributed to "a former participant").
 */
@Injectable()
export class PersonalDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Everything stored about the viewer and everything they wrote. Session tokens, password hashes
   * and link tokens are secrets, not information about them: the download says they exist, not what
   * they are. It is built in memory; one person's writing is bounded by the size limits on each post.
   */
  async export(context: RequestContext): Promise<string> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const id = context.viewer!.user.id;
    const q = <T = Record<string, unknown>>(sql: string): Promise<T[]> => this.dataSource.query(sql, [id]);
    const [account] = await q(
      `SELECT username, display_name AS "displayName", role, created_at AS "createdAt", email, email_confirmed_at AS "emailConfirmedAt",
              suspended_at AS "suspendedAt", suspended_reason AS "suspendedReason", password_hash IS NOT NULL AS "hasPassword",
              live_updates_paused AS "liveUpdatesPaused", colour_scheme AS "colourScheme", auto_watch AS "autoWatch",
              email_frequency AS "emailFrequency", notifications_emailed_at AS "notificationsEmailedAt", two_step_enabled_at AS "twoStepEnabledAt"
         FROM users WHERE id = $1`,
    );
    const document = {
      format: PERSONAL_DATA_FORMAT,
      exportedAt: new Date().toISOString(),
      about: 'Everything Commonplace stores about you and everything you wrote, as of exportedAt. Times are UTC (ISO 8601).',
      account,
      sessions: await q(`SELECT created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", user_agent AS "userAgent" FROM sessions WHERE user_id = $1 ORDER BY created_at`),
      // Two-step sign-in: that it is on and how many recovery codes are left, never the secret or the codes.
      twoStep: (await q(`SELECT s.created_at AS "createdAt", s.confirmed_at AS "confirmedAt",
                                (SELECT count(*)::int FROM recovery_codes c WHERE c.user_id = $1 AND c.used_at IS NULL) AS "recoveryCodesLeft"
                           FROM two_step_secrets s WHERE s.user_id = $1`))[0] ?? null,
      drafts: await q(
        `SELECT draft_key AS "key", title, body, summary, tags, client_saved_at AS "savedAt", discarded_at AS "discardedAt"
           FROM drafts WHERE user_id = $1 ORDER BY updated_at`,
      ),
      threadsRead: await q(`SELECT thread_id AS "threadId", last_read_reply_id AS "lastReadReplyId", read_at AS "readAt" FROM thread_reads WHERE user_id = $1 ORDER BY thread_id`),
      repliesFolded: await q(`SELECT reply_id AS "replyId", thread_id AS "threadId" FROM reply_folds WHERE user_id = $1 ORDER BY reply_id`),
      invitationsSent: await q(`SELECT email, role, created_at AS "createdAt", expires_at AS "expiresAt", used_at AS "usedAt" FROM invitations WHERE invited_by = $1 ORDER BY created_at`),
      pageRevisions: await q(
        `SELECT r.id, p.slug AS "pageSlug", p.title AS "pageTitle", r.created_at AS "createdAt", r.summary, r.body
           FROM revisions r JOIN pages p ON p.id = r.page_id WHERE r.author_id = $1 ORDER BY r.created_at, r.id`,
      ),
      threadsStarted: await q(
        `SELECT t.id, t.subject, t.body, t.tags, t.created_at AS "createdAt", p.slug AS "pageSlug", t.recommendation_id AS "recommendationId", t.hidden_at AS "hiddenAt"
           FROM threads t LEFT JOIN pages p ON p.id = t.page_id WHERE t.starter_id = $1 ORDER BY t.created_at, t.id`,
      ),
      replies: await q(
        `SELECT r.id, r.thread_id AS "threadId", t.subject AS "threadSubject", r.parent_reply_id AS "inReplyToReplyId", r.body, r.created_at AS "createdAt",
                r.edited_at AS "editedAt", r.deleted_at AS "deletedAt", r.hidden_at AS "hiddenAt",
                coalesce((SELECT json_agg(json_build_object('previousBody', e.previous_body, 'editedAt', e.edited_at) ORDER BY e.edited_at) FROM reply_edits e WHERE e.reply_id = r.id), '[]') AS "earlierVersions"
           FROM replies r JOIN threads t ON t.id = r.thread_id WHERE r.author_id = $1 ORDER BY r.created_at, r.id`,
      ),
      recommendationsProposed: await q(
        `SELECT r.id, a.slug AS "areaSlug", r.text, r.status, r.created_at AS "createdAt" FROM recommendations r JOIN areas a ON a.id = r.area_id WHERE r.proposed_by_id = $1 ORDER BY r.created_at, r.id`,
      ),
      stars: await q(`SELECT s.recommendation_id AS "recommendationId", r.text AS "recommendation", s.reason, s.created_at AS "createdAt" FROM stars s JOIN recommendations r ON r.id = s.recommendation_id WHERE s.user_id = $1 ORDER BY s.created_at, s.id`),
      valuableVotes: await q(`SELECT thread_id AS "threadId", reply_id AS "replyId", value, created_at AS "createdAt", updated_at AS "updatedAt" FROM valuable_votes WHERE user_id = $1 ORDER BY created_at, id`),
      watches: await q(
        `SELECT w.thread_id AS "threadId", p.slug AS "pageSlug", a.slug AS "areaSlug", w.created_at AS "createdAt"
           FROM watches w LEFT JOIN pages p ON p.id = w.page_id LEFT JOIN areas a ON a.id = w.area_id WHERE w.user_id = $1 ORDER BY w.created_at, w.id`,
      ),
      notifications: await q(
        `SELECT kind, thread_id AS "threadId", reply_id AS "replyId", page_id AS "pageId", revision_id AS "revisionId", created_at AS "createdAt", read_at AS "readAt", emailed_at AS "emailedAt"
           FROM notifications WHERE recipient_id = $1 ORDER BY created_at, id`,
      ),
      flagsRaised: await q(`SELECT thread_id AS "threadId", reply_id AS "replyId", reason, created_at AS "createdAt", resolved_at AS "resolvedAt", resolution FROM flags WHERE reporter_id = $1 ORDER BY created_at, id`),
      changesRecorded: await q(`SELECT kind, page_id AS "pageId", note, details, created_at AS "createdAt" FROM changes WHERE actor_id = $1 ORDER BY created_at, id`),
      moderationActions: await q(`SELECT action, subject_type AS "subjectType", subject_id AS "subjectId", reason, created_at AS "createdAt" FROM audit_entries WHERE actor_id = $1 ORDER BY created_at, id`),
      passwordResetLinks: await q(`SELECT created_at AS "createdAt", expires_at AS "expiresAt", used_at AS "usedAt" FROM password_resets WHERE user_id = $1 ORDER BY created_at`),
      emailConfirmationLinks: await q(`SELECT email, created_at AS "createdAt", expires_at AS "expiresAt", used_at AS "usedAt" FROM email_confirmations WHERE user_id = $1 ORDER BY created_at`),
      repliesByEmail: await q(
        `SELECT thread_id AS "threadId", outcome, reason, reply_id AS "replyId", body AS "refusedText", received_at AS "receivedAt", notified_at AS "answeredAt" FROM email_replies WHERE user_id = $1 ORDER BY received_at`,
      ),
    };
    return JSON.stringify(document, null, 2) + '\n';
  }

  /**
   * Deletes the viewer's account after checking their password. Their revisions, threads, replies,
   * stars and moderation records stay, attributed to "a former participant"; their sessions end;
   * their email address, password, two-step secret and codes, settings, watches, notifications,
   * drafts, reading positions, folds, links and the record of their replies by email are removed, and
   * their username is freed. The only administrator cannot leave the site without one.
   */
  async deleteAccount(input: DeleteAccountInput, context: RequestContext): Promise<DeleteAccountPayload> {
    assertAccess(context.viewer, Access.SignedInEvenIfSuspended);
    const viewer = context.viewer!;
    const id = viewer.user.id;
    const [row] = (await this.dataSource.query('SELECT password_hash, role FROM users WHERE id = $1', [id])) as { password_hash: string | null; role: UserRole }[];
    if (input.password === '') return refused('password', 'REQUIRED', 'Enter your password to confirm');
    if (!(await this.hasher.verify(row.password_hash, input.password.slice(0, PASSWORD_MAX)))) return refused('password', 'WRONG_PASSWORD', 'Your password is not right');
    const deleted = await this.dataSource.transaction(async (db) => {
      if (row.role === UserRole.Admin) {
        // Locked in the same order by everyone, so two administrators deleting themselves at once cannot both go.
        const admins = (await db.query(`SELECT id FROM users WHERE role = 'admin' AND deleted_at IS NULL ORDER BY id FOR UPDATE`)) as { id: number }[];
        if (admins.length <= 1) return false;
      }
      await db.query(
        `UPDATE users SET username = $2, display_name = $3, email = NULL, email_confirmed_at = NULL, password_hash = NULL,
                role = 'participant', suspended_at = NULL, suspended_reason = NULL, live_updates_paused = false,
                colour_scheme = DEFAULT, auto_watch = DEFAULT, email_frequency = DEFAULT, notifications_emailed_at = NULL,
                two_step_enabled_at = NULL, deleted_at = now()
          WHERE id = $1`,
        [id, formerUsername(id), FORMER_PARTICIPANT],
      );
      const personal = ['watches', 'password_resets', 'email_confirmations', 'two_step_secrets', 'recovery_codes', 'pending_sign_ins', 'drafts', 'thread_reads', 'reply_folds', 'email_replies'];
      for (const table of personal) await db.query(`DELETE FROM ${table} WHERE user_id = $1`, [id]);
      await db.query('DELETE FROM notifications WHERE recipient_id = $1', [id]);
      return true;
    });
    if (!deleted) return refused(null, 'LAST_ADMIN', 'You are the only administrator: make someone else an administrator before you delete your account');
    await this.sessions.endOthers(id, null);
    if (context.req && context.res) {
      clearCookie(context.req, context.res, SESSION_COOKIE);
      rotateCsrfToken(context.req, context.res);
    }
    return { deleted: true, errors: [] };
  }
}

function refused(field: string | null, code: 'REQUIRED' | 'WRONG_PASSWORD' | 'LAST_ADMIN', message: string): DeleteAccountPayload {
  return { deleted: false, errors: [{ field, code, message }] };
}
