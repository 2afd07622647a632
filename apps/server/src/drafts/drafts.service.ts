import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import type { UserError, UserErrorCode } from '../common/user-error';
import { DISCUSSION_LIMITS } from '../discussions/posting.models';
import { PAGE_LIMITS } from '../pages/page-editing.models';
import { DRAFT_LIMITS, type DiscardDraftInput, type DiscardDraftPayload, type Draft, type SaveDraftInput, type SaveDraftPayload } from './drafts.models';

const problem = (field: string | null, code: UserErrorCode, message: string): UserError => ({ field, code, message });

/**
 * The forms drafts are kept for; anything else is refused, so the table holds only what a form can
 * offer back. A reply's edit is `reply-edit:<thread>:<reply>`: the thread first, so the thread page
 * finds all of its drafts by that prefix.
 */
const KEY = /^(page-edit:[^\s:]{1,300}|page-new|thread-new:[^\s:]{1,300}(:[1-9][0-9]{0,9})?|reply:[1-9][0-9]{0,9}(:[1-9][0-9]{0,9})?|reply-edit:[1-9][0-9]{0,9}:[1-9][0-9]{0,9})$/;

/** The same limits as the real content the draft becomes: a draft no form could post is refused. */
function limitsFor(key: string) {
  const page = key.startsWith('page-');
  return {
    what: page ? 'a page' : 'a post',
    bodyBytes: page ? PAGE_LIMITS.bodyBytes : DISCUSSION_LIMITS.bodyBytes,
    titleLength: page ? PAGE_LIMITS.titleLength : DISCUSSION_LIMITS.subjectLength,
    summaryLength: page ? PAGE_LIMITS.summaryLength : 0,
    tagsLength: PAGE_LIMITS.tags * (PAGE_LIMITS.tagLength + 2),
  };
}

interface DraftRow {
  draft_key: string;
  title: string;
  body: string;
  summary: string;
  tags: string;
  base_revision_id: number | null;
  client_saved_at: Date;
}
const toDraft = (row: DraftRow): Draft => ({ key: row.draft_key, title: row.title, body: row.body, summary: row.summary, tags: row.tags, baseRevisionId: row.base_revision_id, savedAt: row.client_saved_at });

/** Drafts kept on the server, per person (issue 16): see migration Drafts. */
@Injectable()
export class DraftsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The viewer's live draft for one form, or null (none, discarded, or older than the keeping time). */
  async draft(viewer: Viewer | null, key: string): Promise<Draft | null> {
    if (!viewer || !KEY.test(key)) return null;
    const [row]: DraftRow[] = await this.dataSource.query(
      `SELECT * FROM drafts WHERE user_id = $1 AND draft_key = $2 AND discarded_at IS NULL AND updated_at > now() - make_interval(days => $3)`,
      [viewer.user.id, key, DRAFT_LIMITS.keepDays],
    );
    return row ? toDraft(row) : null;
  }

  /** All the viewer's live drafts, newest first. */
  async drafts(viewer: Viewer | null): Promise<Draft[]> {
    if (!viewer) return [];
    const rows: DraftRow[] = await this.dataSource.query(
      `SELECT * FROM drafts WHERE user_id = $1 AND discarded_at IS NULL AND updated_at > now() - make_interval(days => $2) ORDER BY client_saved_at DESC`,
      [viewer.user.id, DRAFT_LIMITS.keepDays],
    );
    return rows.map(toDraft);
  }

  /**
   * Keeps the viewer's draft, unless a newer one (by the writing browser's time) is kept already, or
   * the text was posted or discarded after this save was made: one statement, so two saves racing
   * from two browsers end with the newer one whatever order they arrive in.
   */
  async save(input: SaveDraftInput, viewer: Viewer | null): Promise<SaveDraftPayload> {
    assertAccess(viewer, Access.SignedIn);
    const refused = (error: UserError): SaveDraftPayload => ({ draft: null, errors: [error] });
    if (!KEY.test(input.key)) return refused(problem('key', 'DRAFT_KEY_INVALID', 'Drafts are kept only for page edits, new pages, new threads, replies and reply edits'));
    const limits = limitsFor(input.key);
    const title = input.title ?? '';
    const summary = input.summary ?? '';
    const tags = input.tags ?? '';
    const bytes = Buffer.byteLength(input.body, 'utf8');
    if (bytes > limits.bodyBytes) {
      return refused(problem('body', 'BODY_TOO_LONG', `The text is ${Math.ceil(bytes / 1024)} KB; ${limits.what} can hold up to ${limits.bodyBytes / 1024} KB, so the draft was not saved`));
    }
    if (title.length > limits.titleLength) return refused(problem('title', 'TITLE_TOO_LONG', `The title must be ${limits.titleLength} characters or fewer`));
    if (summary.length > limits.summaryLength) return refused(problem('summary', 'SUMMARY_TOO_LONG', `"About this update" must be ${limits.summaryLength} characters or fewer`));
    if (tags.length > limits.tagsLength) return refused(problem('tags', 'TAG_TOO_LONG', `The keyword tags must be ${limits.tagsLength} characters or fewer`));
    const savedAt = new Date(input.savedAt);
    if (Number.isNaN(savedAt.getTime())) return refused(problem('savedAt', 'DRAFT_OUTDATED', 'The draft came without a valid time'));
    if (savedAt.getTime() > Date.now() + DRAFT_LIMITS.clockAheadMs) {
      return refused(problem('savedAt', 'DRAFT_CLOCK_AHEAD', "Your computer's clock is ahead of the site's by more than five minutes, so the draft was not saved. Set the clock right"));
    }
    const userId = viewer!.user.id;
    const rows: DraftRow[] = await this.dataSource.query(
      `INSERT INTO drafts (user_id, draft_key, title, body, summary, tags, client_saved_at, base_revision_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id, draft_key) DO UPDATE
         SET title = excluded.title, body = excluded.body, summary = excluded.summary, tags = excluded.tags, base_revision_id = excluded.base_revision_id,
             client_saved_at = excluded.client_saved_at, updated_at = now(), discarded_at = NULL
         WHERE drafts.client_saved_at < excluded.client_saved_at
       RETURNING *`,
      [userId, input.key, title, input.body, summary, tags, savedAt, input.key.startsWith('page-edit:') ? (input.baseRevisionId ?? null) : null],
    );
    if (rows.length === 0) {
      return refused(problem(null, 'DRAFT_OUTDATED', 'A newer draft of this text is already saved, from another window or browser, or the text was posted or discarded since'));
    }
    // Bounded per person: drafts past the keeping time, and the oldest beyond the number kept, go.
    await this.dataSource.query(
      `DELETE FROM drafts WHERE user_id = $1 AND (updated_at < now() - make_interval(days => $2)
         OR draft_key IN (SELECT draft_key FROM drafts WHERE user_id = $1 ORDER BY updated_at DESC OFFSET $3))`,
      [userId, DRAFT_LIMITS.keepDays, DRAFT_LIMITS.perPerson],
    );
    return { draft: toDraft(rows[0]), errors: [] };
  }

  /**
   * Discards the viewer's draft ("Discard", or the text was posted). The row stays as a tombstone
   * covering saves up to `savedBefore`, so a save still on its way cannot bring the draft back.
   */
  async discard(input: DiscardDraftInput, viewer: Viewer | null): Promise<DiscardDraftPayload> {
    assertAccess(viewer, Access.SignedInEvenIfSuspended);
    if (!KEY.test(input.key)) return { discarded: false, errors: [problem('key', 'DRAFT_KEY_INVALID', 'Drafts are kept only for page edits, new pages, new threads, replies and reply edits')] };
    const before = input.savedBefore ? new Date(Math.min(new Date(input.savedBefore).getTime(), Date.now() + DRAFT_LIMITS.clockAheadMs)) : null;
    const [{ discarded }]: { discarded: boolean }[] = await this.dataSource.query(
      `WITH old AS (SELECT discarded_at IS NULL AS live FROM drafts WHERE user_id = $1 AND draft_key = $2),
       kept AS (
         INSERT INTO drafts (user_id, draft_key, client_saved_at, discarded_at) VALUES ($1, $2, coalesce($3, to_timestamp(0)), now())
         ON CONFLICT (user_id, draft_key) DO UPDATE
           SET title = '', body = '', summary = '', tags = '', discarded_at = now(), updated_at = now(),
               client_saved_at = GREATEST(drafts.client_saved_at, coalesce($3, drafts.client_saved_at))
         RETURNING 1
       )
       SELECT coalesce((SELECT live FROM old), false) AS discarded, (SELECT count(*) FROM kept) AS n`,
      [viewer!.user.id, input.key, before],
    );
    return { discarded, errors: [] };
  }
}
