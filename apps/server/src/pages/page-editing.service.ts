import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { extractWikiLinks } from '@commonplace/markdown';
import { countWordChanges, hasConflictMarkers, mergeTexts, type WordChangeCount } from '@commonplace/word-diff';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { AuditService } from '../moderation/audit.service';
import { MarkdownRenderer } from '../rendering/markdown-renderer.service';
import { Area } from '../recommendations/area.entity';
import { Change, ChangeDetails, ChangeKind } from '../changes/change.entity';
import {
  CreatePageInput,
  DeletePageInput,
  EditOutcome,
  invalid,
  PAGE_LIMITS,
  PageEditPayload,
  PagePayload,
  RestorePageInput,
  RevertPageInput,
  SavePageInput,
  SetPageFeaturedInput,
} from './page-editing.models';
import { NotificationsService, pageEditNotifications } from '../notifications/notifications.service';
import { bodyProblem, checkTitle, normaliseTags, reasonProblem, summaryProblem } from './page-rules';
import { isUserError } from '../common/user-error';
import { Page } from './page.entity';
import { Revision } from './revision.entity';
import { preparedStatement, type PreparedStatement } from '../database/prepared-statement';

const UNIQUE_VIOLATION = '23505';

/** saveAtOnce's one statement: see there. Parameters: page id, its current revision, text, author, summary, words added and removed, idempotency key, tags (null: unchanged), wiki link slugs. */
const SAVE_AT_ONCE = preparedStatement(
  'page-editing:save-at-once',
  `WITH page AS (
     SELECT id, area_id FROM pages
     WHERE id = $1 AND current_revision_id = $2 AND deleted_at IS NULL
       AND ($8::text IS NULL OR NOT EXISTS (SELECT 1 FROM revisions WHERE author_id = $4 AND idempotency_key = $8))
     FOR UPDATE
   ), revision AS (
     INSERT INTO revisions (page_id, body, author_id, summary, words_added, words_removed, base_revision_id, idempotency_key)
     SELECT id, $3, $4, $5, $6, $7, $2, $8 FROM page
     RETURNING id, page_id, author_id, summary, created_at
   ), moved AS (
     UPDATE pages p SET current_revision_id = r.id, tags = coalesce($9::text[], p.tags), updated_at = now()
     FROM revision r WHERE p.id = r.page_id
     RETURNING p.updated_at, p.tags
   ), logged AS (
     INSERT INTO changes (page_id, kind, actor_id, note, revision_id, details, created_at)
     SELECT page_id, '${ChangeKind.Revision}', author_id, summary, id, '{}', created_at FROM revision
   ), unlinked AS (
     DELETE FROM page_links WHERE from_page_id IN (SELECT id FROM page) AND NOT (to_slug = ANY ($10::text[]))
   ), linked AS (
     INSERT INTO page_links (from_page_id, to_slug) SELECT id, unnest($10::text[]) FROM page ON CONFLICT DO NOTHING
   ), notified AS (
     ${pageEditNotifications('(SELECT r.page_id, p.area_id, r.id AS revision_id, r.author_id FROM revision r CROSS JOIN page p)')}
   )
   SELECT r.id, r.created_at, m.updated_at, m.tags FROM revision r CROSS JOIN moved m`,
);

/**
 * The slugs a text's wiki links point to. A wiki link is written `[[…]]`, so a text without `[[`
 * has none and skips the markdown parse (most of a save's server time after the word counts).
 */
function wikiLinkSlugs(markdown: string): string[] {
  return markdown.includes('[[') ? extractWikiLinks(markdown).map((link) => link.slug) : [];
}

/**
 * Every change to a page: create, save (merging concurrent edits, or reporting a conflict), revert,
 * rename, feature, delete and restore. Each runs in one transaction that writes the change itself,
 * its entry in the page's timeline and the link index; nothing a person typed is dropped: a
 * refusal sends their text back with the reason.
 */
@Injectable()
export class PageEditingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly renderer: MarkdownRenderer,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** currentPageAt's statement, built once its columns can be read from the entity's metadata. */
  private currentPageStatement?: PreparedStatement;

  async createPage(input: CreatePageInput, viewer: Viewer | null): Promise<PageEditPayload> {
    assertAccess(viewer, Access.SignedIn);
    const checked = checkTitle(input.title);
    if (isUserError(checked)) return invalid(checked.field, checked.code, checked.message);
    const problem = bodyProblem(input.body) ?? summaryProblem(input.summary);
    if (problem) return invalid(problem.field, problem.code, problem.message);
    const tags = normaliseTags(input.tags);
    if (isUserError(tags)) return invalid(tags.field, tags.code, tags.message);

    try {
      const payload = await this.dataSource.transaction(async (db) => {
        let areaId: number | null = null;
        if (input.areaSlug) {
          const area = await db.findOneBy(Area, { slug: input.areaSlug });
          if (!area || area.archivedAt) return invalid('areaSlug', 'AREA_NOT_FOUND', 'Choose one of the areas listed');
          areaId = area.id;
        }
        if (await this.slugTaken(db, checked.slug)) return titleTaken();
        const page = await db.save(db.create(Page, { slug: checked.slug, title: checked.title, tags: tags.tags, areaId }));
        const revision = await this.addRevision(db, page, '', input.body, input.summary, viewer!.user.id, null, ChangeKind.Created, {});
        return { outcome: EditOutcome.Saved, page, revision, conflict: null, errors: [] };
      });
      if (payload.outcome === EditOutcome.Saved) this.renderer.pagesChanged();
      return payload;
    } catch (error) {
      if (isUniqueViolation(error)) return titleTaken();
      throw error;
    }
  }

  /**
   * Saves an edit that started from `baseRevisionId`. If the page changed meanwhile, the edit is
   * merged with what was saved (a three-way merge by lines); if both changed the same lines, nothing
   * is saved and the payload holds both texts to resolve. Edits to one page are serialised by a row
   * lock, so ten people saving at once are merged one after another, never lost. The usual save, from
   * the current text, takes two statements: a read and one write (`saveAtOnce`).
   */
  async savePage(input: SavePageInput, viewer: Viewer | null): Promise<PageEditPayload> {
    assertAccess(viewer, Access.SignedIn);
    const problem = bodyProblem(input.body) ?? summaryProblem(input.summary);
    if (problem) return invalid(problem.field, problem.code, problem.message);
    if (hasConflictMarkers(input.body)) {
      return invalid('body', 'CONFLICT_MARKERS', 'The text still has conflict marker lines (<<<<<<<, =======, >>>>>>>). Keep the words you want and remove those lines');
    }
    const tags = input.tags ? normaliseTags(input.tags) : null;
    if (tags && isUserError(tags)) return invalid(tags.field, tags.code, tags.message);
    const title = input.title === undefined || input.title === null ? null : checkTitle(input.title);
    if (title && isUserError(title)) return invalid(title.field, title.code, title.message);
    const key = input.idempotencyKey?.trim() || null;
    if (key && key.length > PAGE_LIMITS.idempotencyKeyLength) {
      return invalid('idempotencyKey', 'IDEMPOTENCY_KEY_INVALID', `An idempotency key must be ${PAGE_LIMITS.idempotencyKeyLength} characters or fewer`);
    }

    // The usual save starts from the current text and keeps the title: its word counts, the
    // costliest step, are worked out from one read, and the save is then written in one statement.
    // When that statement finds the page changed meanwhile, or the save is anything else (an edit to
    // merge, a rename, the same text, a page renamed or gone), the locked transaction below decides.
    const sent = input.body.replace(/\r\n?/g, '\n');
    const early = await this.currentPageAt(input.slug, input.baseRevisionId);
    const counts = early && early.body !== sent ? countWordChanges(early.body, sent) : null;
    try {
      if (early && counts && !early.page.deletedAt && (!title || title.title === early.page.title)) {
        const saved = await this.saveAtOnce(early.page, sent, input.summary.trim(), viewer!.user.id, counts, tags?.tags ?? null, key);
        if (saved) return { outcome: EditOutcome.Saved, page: saved.page, revision: saved.revision, conflict: null, errors: [] };
      }
      const payload = await this.dataSource.transaction(async (db): Promise<PageEditPayload & { renamed?: boolean }> => {
        const page = await this.lockPage(db, input.slug);
        if (!page) return invalid(null, 'PAGE_NOT_FOUND', 'This page does not exist any more. Your text is below: copy it to keep it');
        if (page.deletedAt) return invalid(null, 'PAGE_DELETED', 'A moderator deleted this page while you were editing it. Your text is below: copy it to keep it');
        // A save sent again finds the revision it made. Checked under the page's lock, so copies sent
        // at once wait for the first; merging it again could bring back words removed since.
        if (key) {
          const earlier = await db.findOneBy(Revision, { authorId: viewer!.user.id, idempotencyKey: key });
          if (earlier && earlier.pageId !== page.id) return keyReused();
          if (earlier) return { outcome: EditOutcome.Saved, page, revision: earlier, conflict: null, errors: [] };
        }
        // The revision the edit started from and the one saved now, usually the same: one statement.
        const found = await db.findBy(Revision, { id: In([input.baseRevisionId, page.currentRevisionId!]), pageId: page.id });
        const base = found.find((revision) => revision.id === input.baseRevisionId);
        if (!base) return invalid(null, 'BASE_REVISION_NOT_FOUND', 'The version of the page this edit started from cannot be found. Your text is below: compare it with the page now and save again');
        const current = found.find((revision) => revision.id === page.currentRevisionId)!;

        let text = sent;
        let merged = false;
        if (current.id !== base.id) {
          const result = mergeTexts(base.body, current.body, text);
          if (!result.clean) {
            return {
              outcome: EditOutcome.Conflict,
              page,
              revision: null,
              errors: [],
              conflict: { currentRevision: current, yourText: input.body, mergedText: result.text, parts: result.conflicts },
            };
          }
          merged = result.text !== current.body && text !== current.body;
          text = result.text;
        }

        let renamed = false;
        if (title && title.title !== page.title) {
          if (title.slug !== page.slug && (await this.slugTaken(db, title.slug, page.id))) return titleTaken();
          await this.rename(db, page, title.title, title.slug, viewer!.user.id, input.summary);
          renamed = true;
        }
        const tagsChanged = tags !== null && !sameTags(tags.tags, page.tags);
        if (tagsChanged) {
          await db.update(Page, { id: page.id }, { tags: tags.tags });
          page.tags = tags.tags;
        }
        if (text === current.body) {
          return { outcome: renamed || tagsChanged ? EditOutcome.Saved : EditOutcome.Unchanged, page, revision: null, conflict: null, errors: [], renamed };
        }
        const known = counts && early!.page.currentRevisionId === current.id && sent === text ? counts : undefined;
        const revision = await this.addRevision(db, page, current.body, text, input.summary, viewer!.user.id, base.id, ChangeKind.Revision, merged ? { merged } : {}, null, known, key);
        return { outcome: merged ? EditOutcome.Merged : EditOutcome.Saved, page, revision, conflict: null, errors: [], renamed };
      });
      if (payload.renamed) this.renderer.pagesChanged();
      delete payload.renamed;
      return payload;
    } catch (error) {
      // The same key sent for two pages at once: the other page's save holds it.
      if (isUniqueViolation(error, 'revisions_idempotency_idx')) return keyReused();
      if (isUniqueViolation(error)) return titleTaken();
      throw error;
    }
  }

  /** The page by its own slug with its current text, when `revisionId` is still its current revision (one statement). */
  private async currentPageAt(slug: string, revisionId: number): Promise<{ page: Page; body: string } | null> {
    this.currentPageStatement ??= preparedStatement(
      'page-editing:current-page-at',
      `SELECT ${this.dataSource.getMetadata(Page).columns.map((column) => `p.${column.databaseName}`).join(', ')}, r.body AS current_body
       FROM pages p JOIN revisions r ON r.id = p.current_revision_id WHERE p.slug = $1 AND r.id = $2`,
    );
    const [row]: Record<string, unknown>[] = await this.dataSource.query(this.currentPageStatement(), [slug, revisionId]);
    return row ? { page: this.hydrate(Page, row), body: row.current_body as string } : null;
  }

  /**
   * Saves an edit from the page's current text as one statement, and so one transaction: it locks
   * the page only if its current revision is still `page.currentRevisionId` (checked again once the
   * lock is held, so a save committed meanwhile makes it write nothing), and a key already used
   * makes it write nothing too. Then it adds the revision, points the page at it (whose trigger
   * indexes the new text for search), replaces the page's links, adds the change to its timeline and
   * tells its watchers. Null when it wrote nothing: the locked transaction decides instead.
   */
  private async saveAtOnce(page: Page, body: string, note: string, authorId: number, counts: WordChangeCount, tags: string[] | null, key: string | null): Promise<{ page: Page; revision: Revision } | null> {
    const [row]: { id: number; created_at: Date; updated_at: Date; tags: string[] }[] = await this.dataSource.query(SAVE_AT_ONCE(), [
      page.id,
      page.currentRevisionId,
      body,
      authorId,
      note,
      counts.added,
      counts.removed,
      key,
      tags,
      wikiLinkSlugs(body),
    ]);
    if (!row) return null;
    const revision = Object.assign(new Revision(), {
      id: row.id,
      pageId: page.id,
      body,
      authorId,
      summary: note,
      wordsAdded: counts.added,
      wordsRemoved: counts.removed,
      baseRevisionId: page.currentRevisionId,
      revertedToId: null,
      idempotencyKey: key,
      createdAt: row.created_at,
    });
    return { page: Object.assign(page, { currentRevisionId: row.id, tags: row.tags, updatedAt: row.updated_at }), revision };
  }

  /** An entity from a raw row of its table (column names to property names). */
  private hydrate<T extends object>(entity: new () => T, row: Record<string, unknown>): T {
    const hydrated = new entity();
    for (const column of this.dataSource.getMetadata(entity).columns) column.setEntityValue(hydrated, row[column.databaseName]);
    return hydrated;
  }

  /** Brings back an earlier revision's text as a new revision that says which one it reverted to. */
  async revertPage(input: RevertPageInput, viewer: Viewer | null): Promise<PageEditPayload> {
    assertAccess(viewer, Access.SignedIn);
    const problem = summaryProblem(input.summary);
    if (problem) return invalid(problem.field, problem.code, problem.message);
    return this.dataSource.transaction(async (db) => {
      const page = await this.lockPage(db, input.slug);
      if (!page) return invalid(null, 'PAGE_NOT_FOUND', 'This page does not exist');
      if (page.deletedAt) return invalid(null, 'PAGE_DELETED', 'This page has been deleted; a moderator can restore it first');
      const target = await db.findOneBy(Revision, { id: input.revisionId, pageId: page.id });
      if (!target) return invalid('revisionId', 'REVISION_NOT_FOUND', 'That revision is not one of this page’s');
      const current = await db.findOneByOrFail(Revision, { id: page.currentRevisionId! });
      if (current.body === target.body) {
        return invalid('revisionId', 'ALREADY_CURRENT', 'The page already has the text of that revision');
      }
      const note = input.summary.trim() || `Reverted to the revision of ${formatUk(target.createdAt)}`;
      const revision = await this.addRevision(db, page, current.body, target.body, note, viewer!.user.id, current.id, ChangeKind.Revision, { revertedToRevisionId: target.id }, target.id);
      return { outcome: EditOutcome.Saved, page, revision, conflict: null, errors: [] };
    });
  }

  async setFeatured(input: SetPageFeaturedInput, viewer: Viewer | null): Promise<PagePayload> {
    assertAccess(viewer, Access.Moderator);
    return this.dataSource.transaction(async (db) => {
      const page = await this.lockPage(db, input.slug);
      if (!page) return { page: null, errors: [{ field: null, code: 'PAGE_NOT_FOUND', message: 'This page does not exist' }] };
      if (page.featured !== input.featured) {
        await db.update(Page, { id: page.id }, { featured: input.featured });
        page.featured = input.featured;
        await db.insert(Change, { pageId: page.id, kind: ChangeKind.Featured, actorId: viewer!.user.id, details: { featured: input.featured } });
        await this.audit.record(db, {
          actorId: viewer!.user.id,
          action: input.featured ? 'page.featured' : 'page.unfeatured',
          subjectType: 'page',
          subjectId: page.id,
          before: { featured: !input.featured },
          after: { featured: input.featured },
        });
      }
      return { page, errors: [] };
    });
  }

  /** Soft deletion: the page, its history and its threads stay in the database, hidden, and can be restored. */
  async deletePage(input: DeletePageInput, viewer: Viewer | null): Promise<PagePayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = reasonProblem(input.reason);
    if (problem) return { page: null, errors: [problem] };
    const payload = await this.dataSource.transaction(async (db): Promise<PagePayload> => {
      const page = await this.lockPage(db, input.slug);
      if (!page) return { page: null, errors: [{ field: null, code: 'PAGE_NOT_FOUND', message: 'This page does not exist' }] };
      if (page.deletedAt) return { page: null, errors: [{ field: null, code: 'PAGE_DELETED', message: 'This page is already deleted' }] };
      const reason = input.reason.trim();
      await db.update(Page, { id: page.id }, { deletedAt: () => 'now()', deletedById: viewer!.user.id, deletedReason: reason });
      await db.insert(Change, { pageId: page.id, kind: ChangeKind.Deleted, actorId: viewer!.user.id, note: reason });
      await this.audit.record(db, { actorId: viewer!.user.id, action: 'page.deleted', subjectType: 'page', subjectId: page.id, before: { title: page.title, slug: page.slug }, reason });
      return { page: await db.findOneByOrFail(Page, { id: page.id }), errors: [] };
    });
    if (payload.page) this.renderer.pagesChanged();
    return payload;
  }

  async restorePage(input: RestorePageInput, viewer: Viewer | null): Promise<PagePayload> {
    assertAccess(viewer, Access.Moderator);
    const payload = await this.dataSource.transaction(async (db): Promise<PagePayload> => {
      const page = await this.lockPage(db, input.slug);
      if (!page) return { page: null, errors: [{ field: null, code: 'PAGE_NOT_FOUND', message: 'This page does not exist' }] };
      if (!page.deletedAt) return { page: null, errors: [{ field: null, code: 'PAGE_NOT_DELETED', message: 'This page is not deleted' }] };
      await db.update(Page, { id: page.id }, { deletedAt: null, deletedById: null, deletedReason: null });
      await db.insert(Change, { pageId: page.id, kind: ChangeKind.Restored, actorId: viewer!.user.id });
      await this.audit.record(db, { actorId: viewer!.user.id, action: 'page.restored', subjectType: 'page', subjectId: page.id, before: { deletedReason: page.deletedReason }, after: { title: page.title } });
      return { page: await db.findOneByOrFail(Page, { id: page.id }), errors: [] };
    });
    if (payload.page) this.renderer.pagesChanged();
    return payload;
  }

  /** The page by its slug or an old slug of it, locked until the transaction ends (one statement). */
  private lockPage(db: EntityManager, slug: string): Promise<Page | null> {
    return db
      .getRepository(Page)
      .createQueryBuilder('page')
      .setLock('pessimistic_write')
      .where('page.id = (SELECT id FROM pages WHERE slug = :slug UNION ALL SELECT page_id FROM page_redirects WHERE slug = :slug LIMIT 1)', { slug })
      .getOne();
  }

  /** Whether a slug names another page, now or before a rename. */
  private async slugTaken(db: EntityManager, slug: string, exceptPageId?: number): Promise<boolean> {
    const [{ taken }] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM pages WHERE slug = $1 AND id IS DISTINCT FROM $2)
           OR EXISTS (SELECT 1 FROM page_redirects WHERE slug = $1 AND page_id IS DISTINCT FROM $2) AS taken`,
      [slug, exceptPageId ?? null],
    );
    return taken;
  }

  private async addRevision(
    db: EntityManager,
    page: Page,
    before: string,
    body: string,
    summary: string,
    authorId: number,
    baseRevisionId: number | null,
    kind: ChangeKind,
    details: ChangeDetails,
    revertedToId: number | null = null,
    counts: WordChangeCount = countWordChanges(before, body),
    idempotencyKey: string | null = null,
  ): Promise<Revision> {
    const { added, removed } = counts;
    const note = summary.trim();
    const revision = await db.save(
      db.create(Revision, { pageId: page.id, body, authorId, summary: note, wordsAdded: added, wordsRemoved: removed, baseRevisionId, revertedToId, idempotencyKey }),
    );
    await db.update(Page, { id: page.id }, { currentRevisionId: revision.id });
    page.currentRevisionId = revision.id;
    await db.insert(Change, { pageId: page.id, kind, actorId: authorId, note, revisionId: revision.id, details, createdAt: revision.createdAt });
    await this.indexLinks(db, page.id, body);
    await this.notifications.recordPageEdit(db, page, revision); // watching: tell page and area watchers
    return revision;
  }

  /** "Links to this page" reads this index: one row per slug the current text links to. */
  private async indexLinks(db: EntityManager, pageId: number, body: string): Promise<void> {
    const slugs = wikiLinkSlugs(body);
    await db.query(
      `WITH gone AS (DELETE FROM page_links WHERE from_page_id = $1 AND NOT (to_slug = ANY ($2::text[])))
       INSERT INTO page_links (from_page_id, to_slug) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [pageId, slugs],
    );
  }

  private async rename(db: EntityManager, page: Page, title: string, slug: string, actorId: number, note: string): Promise<void> {
    const details: ChangeDetails = { fromTitle: page.title, toTitle: title, fromSlug: page.slug, toSlug: slug };
    if (slug !== page.slug) {
      // Renaming back to an old slug takes it from the redirects; the slug being left becomes one.
      await db.query('DELETE FROM page_redirects WHERE slug = $1 AND page_id = $2', [slug, page.id]);
      await db.query('INSERT INTO page_redirects (slug, page_id) VALUES ($1, $2)', [page.slug, page.id]);
    }
    await db.update(Page, { id: page.id }, { title, slug });
    await db.insert(Change, { pageId: page.id, kind: ChangeKind.Renamed, actorId, note: note.trim(), details });
    page.title = title;
    page.slug = slug;
  }
}

function titleTaken(): PageEditPayload {
  return invalid('title', 'TITLE_TAKEN', 'There is already a page with this title, or one that was renamed from it. Choose another title');
}

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string } | undefined) : undefined;
  return driverError?.code === UNIQUE_VIOLATION && (constraint === undefined || driverError.constraint === constraint);
}

function keyReused(): PageEditPayload {
  return invalid('idempotencyKey', 'IDEMPOTENCY_KEY_REUSED', 'This key was already used for a save of another page; send a new key');
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}

const UK_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function formatUk(date: Date): string {
  return UK_DATE.format(date).replace(' at ', ', ');
}

