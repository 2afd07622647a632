import { Inject, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { DataSource, type QueryRunner } from 'typeorm';
import { FILE_STORE, type FileStore } from '../files/file-store';
import { ARCHIVE_README } from './archive-readme';
import { ZipWriter } from './zip-writer';

/** The archive's layout version: an import refuses a format it does not know. */
export const EXPORT_FORMAT = 'commonplace-wiki-export';
export const EXPORT_FORMAT_VERSION = 2;
/** The app's version, written in the manifest (the root package.json's). */
export const APP_VERSION = '0.1.0';

/** Rows read at a time: a page of rows, never a whole table. */
const BATCH = 200;
/** Any number: the key of the PostgreSQL advisory lock that lets one export run at a time. */
export const EXPORT_LOCK_KEY = 1_763_900_028;

/** Another export is running (on this process or another): try again when it has finished. */
export class ExportBusyError extends Error {
  constructor() {
    super('Another export of the wiki is being made. Try again in a few minutes, when it has finished.');
  }
}

export interface ExportCounts {
  people: number;
  areas: number;
  recommendations: number;
  stars: number;
  pages: number;
  revisions: number;
  threads: number;
  replies: number;
  tags: number;
  redirects: number;
  files: number;
  fileVersions: number;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/**
 * The whole wiki as one ZIP (the format is ARCHIVE_README, written into the archive): Markdown for
 * pages and every revision, JSON for the rest. Read in one REPEATABLE READ, READ ONLY transaction,
 * so the archive is one moment's wiki even while people write; rows are read a batch at a time and
 * the ZIP is streamed as it is made (ZipWriter), so memory stays small whatever the wiki's size.
 * One export runs at a time across every process (a PostgreSQL advisory lock held by the export's
 * connection, so it is freed even if the process dies).
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  /**
   * Claims the export lock and its connection; throws ExportBusyError when an export is running.
   * The caller sends headers, then `write`s; `write` always releases the lock.
   */
  async begin(): Promise<{ write: (output: Writable) => Promise<ExportCounts> }> {
    const runner = this.dataSource.createQueryRunner('slave');
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [EXPORT_LOCK_KEY]);
      if (!locked) throw new ExportBusyError();
    } catch (error) {
      await runner.release();
      throw error;
    }
    return { write: (output) => this.write(runner, output) };
  }

  private async write(runner: QueryRunner, output: Writable): Promise<ExportCounts> {
    const zip = new ZipWriter(output);
    const gone = () => zip.fail(new Error('The download was closed before the archive was complete'));
    output.once('close', gone);
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const exportedAt = new Date();
      const counts = await this.counts(runner);
      await zip.add('README.md', ARCHIVE_README, exportedAt);
      await zip.add(
        'manifest.json',
        json({ format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, appVersion: APP_VERSION, exportedAt: exportedAt.toISOString(), counts }),
        exportedAt,
      );
      const q = (sql: string, params: unknown[] = []) => runner.query(sql, params) as Promise<Record<string, unknown>[]>;

      await zip.add(
        'people.json',
        () =>
          jsonArray(q, `SELECT id, username, display_name, role, suspended_at, suspended_reason FROM users WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, (r) => ({
            username: r.username,
            displayName: r.display_name,
            role: r.role,
            suspended: r.suspended_at ? { at: iso(r.suspended_at as Date), reason: r.suspended_reason } : null,
          })),
        exportedAt,
      );
      await zip.add(
        'areas.json',
        () =>
          jsonArray(q, `SELECT id, slug, title, description, position, archived_at, created_at FROM areas WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, (r) => ({
            slug: r.slug,
            title: r.title,
            description: r.description,
            position: r.position,
            createdAt: iso(r.created_at as Date),
            archivedAt: iso(r.archived_at as Date | null),
          })),
        exportedAt,
      );
      await zip.add(
        'recommendations.json',
        () =>
          jsonArray(
            q,
            `SELECT r.id, a.slug AS area, r.position, r.text, r.status, r.merged_into_id, pu.username AS proposed_by, r.created_at, r.updated_at,
                    coalesce((SELECT json_agg(json_build_object('username', u.username, 'reason', s.reason, 'createdAt', s.created_at) ORDER BY s.created_at, s.id)
                              FROM stars s JOIN users u ON u.id = s.user_id WHERE s.recommendation_id = r.id), '[]') AS stars
               FROM recommendations r JOIN areas a ON a.id = r.area_id LEFT JOIN users pu ON pu.id = r.proposed_by_id
              WHERE r.id > $1 ORDER BY r.id LIMIT ${BATCH}`,
            (r) => ({
              id: r.id,
              area: r.area,
              position: r.position,
              text: r.text,
              status: r.status,
              mergedIntoId: r.merged_into_id,
              proposedBy: r.proposed_by,
              createdAt: iso(r.created_at as Date),
              updatedAt: iso(r.updated_at as Date),
              stars: (r.stars as { username: string; reason: string; createdAt: string }[]).map((s) => ({ username: s.username, reason: s.reason, createdAt: iso(s.createdAt) })),
            }),
          ),
        exportedAt,
      );
      await zip.add(
        'tags.json',
        () =>
          jsonArray(
            q,
            `WITH tagged AS (
               SELECT DISTINCT tag, 'page' AS kind, p.slug AS item FROM pages p, unnest(p.tags) AS tag
               UNION
               SELECT DISTINCT tag, 'thread', t.id::text FROM threads t, unnest(t.tags) AS tag
             ), names AS (SELECT DISTINCT tag FROM tagged)
             SELECT n.tag AS id, n.tag,
                    coalesce((SELECT json_agg(item ORDER BY item) FROM tagged WHERE tagged.tag = n.tag AND kind = 'page'), '[]') AS pages,
                    coalesce((SELECT json_agg(item::int ORDER BY item::int) FROM tagged WHERE tagged.tag = n.tag AND kind = 'thread'), '[]') AS threads
               FROM names n WHERE n.tag COLLATE "C" > $1 ORDER BY n.tag COLLATE "C" LIMIT ${BATCH}`,
            (r) => ({ tag: r.tag, pages: r.pages, threads: r.threads }),
            '',
          ),
        exportedAt,
      );
      await zip.add(
        'redirects.json',
        () => jsonArray(q, `SELECT r.slug AS id, r.slug, p.slug AS page, r.created_at FROM page_redirects r JOIN pages p ON p.id = r.page_id WHERE r.slug COLLATE "C" > $1 ORDER BY r.slug COLLATE "C" LIMIT ${BATCH}`, (r) => ({ from: r.slug, to: r.page, createdAt: iso(r.created_at as Date) }), ''),
        exportedAt,
      );

      await zip.add(
        'files.json',
        () =>
          jsonArray(
            q,
            `SELECT f.id, f.name, f.kind, f.description, f.decorative, uu.username AS uploaded_by, f.created_at, f.hidden_at, hu.username AS hidden_by, f.hidden_reason,
                    (SELECT json_agg(json_build_object('contentHash', v.content_hash, 'mediaType', v.media_type, 'extension', v.extension, 'byteSize', v.byte_size,
                                                       'width', v.width, 'height', v.height, 'variants', v.variants, 'uploadedBy', vu.username, 'createdAt', v.created_at) ORDER BY v.id)
                       FROM file_versions v LEFT JOIN users vu ON vu.id = v.uploader_id WHERE v.file_id = f.id) AS versions
               FROM files f LEFT JOIN users uu ON uu.id = f.uploader_id LEFT JOIN users hu ON hu.id = f.hidden_by_id
              WHERE f.id > $1 ORDER BY f.id LIMIT ${BATCH}`,
            (r) => ({
              id: r.id,
              name: r.name,
              kind: r.kind,
              description: r.description,
              decorative: r.decorative,
              uploadedBy: r.uploaded_by,
              createdAt: iso(r.created_at as Date),
              hidden: r.hidden_at ? { at: iso(r.hidden_at as Date), by: r.hidden_by, reason: r.hidden_reason } : null,
              versions: ((r.versions ?? []) as Record<string, unknown>[]).map((v) => ({ ...v, createdAt: iso(v.createdAt as string) })),
            }),
          ),
        exportedAt,
      );

      await this.writePages(q, zip);
      await this.writeThreads(q, zip);
      await this.writeFileCopies(q, zip);
      // The JSON lists are read as yazl reaches them, so the snapshot stays open until the end.
      await zip.finish(output);
      await runner.query('COMMIT');
      return counts;
    } catch (error) {
      zip.fail(error as Error);
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      output.off('close', gone);
      await runner.query('SELECT pg_advisory_unlock($1)', [EXPORT_LOCK_KEY]).catch(() => undefined);
      await runner.release();
    }
  }

  private async counts(runner: QueryRunner): Promise<ExportCounts> {
    const [row]: Record<keyof ExportCounts, number>[] = await runner.query(`SELECT
      (SELECT count(*)::int FROM users) AS people,
      (SELECT count(*)::int FROM areas) AS areas,
      (SELECT count(*)::int FROM recommendations) AS recommendations,
      (SELECT count(*)::int FROM stars) AS stars,
      (SELECT count(*)::int FROM pages) AS pages,
      (SELECT count(*)::int FROM revisions) AS revisions,
      (SELECT count(*)::int FROM threads) AS threads,
      (SELECT count(*)::int FROM replies) AS replies,
      (SELECT count(DISTINCT tag)::int FROM (SELECT unnest(tags) AS tag FROM pages UNION SELECT unnest(tags) FROM threads) t) AS tags,
      (SELECT count(*)::int FROM page_redirects) AS redirects,
      (SELECT count(*)::int FROM files) AS files,
      (SELECT count(*)::int FROM file_versions) AS "fileVersions"`);
    return row;
  }

  /** pages/<slug>/page.json, current.md and revisions/<n>.md (n counts from 1, oldest first). */
  private async writePages(q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>, zip: ZipWriter): Promise<void> {
    let after = 0;
    for (;;) {
      const pages = await q(
        `SELECT p.id, p.slug, p.title, p.featured, p.tags, a.slug AS area, p.current_revision_id, p.created_at, p.updated_at, p.deleted_at, du.username AS deleted_by, p.deleted_reason
           FROM pages p LEFT JOIN areas a ON a.id = p.area_id LEFT JOIN users du ON du.id = p.deleted_by_id
          WHERE p.id > $1 ORDER BY p.id LIMIT ${BATCH}`,
        [after],
      );
      if (pages.length === 0) return;
      for (const page of pages) {
        // Metadata of every revision at once (small); each body is read on its own, as it is written.
        const revisions = await q(
          `SELECT r.id, u.username AS author, r.summary, r.created_at, r.words_added, r.words_removed, r.base_revision_id, r.reverted_to_id
             FROM revisions r JOIN users u ON u.id = r.author_id WHERE r.page_id = $1 ORDER BY r.created_at, r.id`,
          [page.id],
        );
        const numberOf = new Map(revisions.map((r, index) => [r.id as number, index + 1]));
        const dir = `pages/${page.slug as string}`;
        const modified = new Date(page.updated_at as Date);
        await zip.add(
          `${dir}/page.json`,
          json({
            slug: page.slug,
            title: page.title,
            area: page.area,
            featured: page.featured,
            tags: page.tags,
            createdAt: iso(page.created_at as Date),
            updatedAt: iso(page.updated_at as Date),
            deleted: page.deleted_at ? { at: iso(page.deleted_at as Date), by: page.deleted_by, reason: page.deleted_reason } : null,
            currentRevision: numberOf.get(page.current_revision_id as number) ?? null,
            revisions: revisions.map((r) => ({
              number: numberOf.get(r.id as number),
              author: r.author,
              createdAt: iso(r.created_at as Date),
              summary: r.summary,
              wordsAdded: r.words_added,
              wordsRemoved: r.words_removed,
              basedOn: r.base_revision_id === null ? null : (numberOf.get(r.base_revision_id as number) ?? null),
              revertedTo: r.reverted_to_id === null ? null : (numberOf.get(r.reverted_to_id as number) ?? null),
            })),
          }),
          modified,
        );
        for (const revision of revisions) {
          const [{ body }] = (await q('SELECT body FROM revisions WHERE id = $1', [revision.id])) as { body: string }[];
          await zip.add(`${dir}/revisions/${numberOf.get(revision.id as number)}.md`, body, new Date(revision.created_at as Date));
          if (revision.id === page.current_revision_id) await zip.add(`${dir}/current.md`, body, modified);
        }
      }
      after = pages[pages.length - 1].id as number;
    }
  }

  /** threads/<id>.json: the thread, its opening post and every reply with the reply it answers. */
  private async writeThreads(q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>, zip: ZipWriter): Promise<void> {
    let after = 0;
    for (;;) {
      const threads = await q(
        `SELECT t.id, p.slug AS page, t.recommendation_id, t.subject, t.body, su.username AS starter, t.tags, t.created_at, t.locked_at, t.pinned_at,
                t.hidden_at, hu.username AS hidden_by, t.hidden_reason
           FROM threads t JOIN pages p ON p.id = t.page_id JOIN users su ON su.id = t.starter_id LEFT JOIN users hu ON hu.id = t.hidden_by_id
          WHERE t.id > $1 ORDER BY t.id LIMIT ${BATCH}`,
        [after],
      );
      if (threads.length === 0) return;
      for (const thread of threads) {
        const replies = await q(
          `SELECT r.id, r.parent_reply_id, u.username AS author,
                  -- Deleting a reply clears its words; never export any that were left behind.
                  CASE WHEN r.deleted_at IS NULL THEN r.body END AS body, r.created_at, r.edited_at, r.edit_count, r.deleted_at, r.hidden_at, hu.username AS hidden_by, r.hidden_reason
             FROM replies r JOIN users u ON u.id = r.author_id LEFT JOIN users hu ON hu.id = r.hidden_by_id
            WHERE r.thread_id = $1 ORDER BY r.created_at, r.id`,
          [thread.id],
        );
        await zip.add(
          `threads/${thread.id as number}.json`,
          json({
            id: thread.id,
            page: thread.page,
            recommendationId: thread.recommendation_id,
            subject: thread.subject,
            body: thread.body,
            starter: thread.starter,
            tags: thread.tags,
            createdAt: iso(thread.created_at as Date),
            lockedAt: iso(thread.locked_at as Date | null),
            pinnedAt: iso(thread.pinned_at as Date | null),
            hidden: thread.hidden_at ? { at: iso(thread.hidden_at as Date), by: thread.hidden_by, reason: thread.hidden_reason } : null,
            replies: replies.map((r) => ({
              id: r.id,
              parentId: r.parent_reply_id,
              author: r.author,
              body: r.body,
              createdAt: iso(r.created_at as Date),
              editedAt: iso(r.edited_at as Date | null),
              editCount: r.edit_count,
              deletedAt: iso(r.deleted_at as Date | null),
              hidden: r.hidden_at ? { at: iso(r.hidden_at as Date), by: r.hidden_by, reason: r.hidden_reason } : null,
            })),
          }),
          new Date(thread.created_at as Date),
        );
      }
      after = threads[threads.length - 1].id as number;
    }
  }

  /**
   * files/<hash>/<copy>: the stored bytes of every version's copies (the full-size one and the
   * narrower ones), each once however many versions share it. Versions are read a batch at a time
   * in the order files.json lists them; each copy is read from the store only when the ZIP reaches
   * it, so one file's bytes are in memory at a time.
   */
  private async writeFileCopies(q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>, zip: ZipWriter): Promise<void> {
    const written = new Set<string>();
    let after: [number, number] = [0, 0];
    for (;;) {
      const versions = await q(
        `SELECT id, file_id, content_hash, extension, variants, created_at FROM file_versions WHERE (file_id, id) > ($1, $2) ORDER BY file_id, id LIMIT ${BATCH}`,
        after,
      );
      if (versions.length === 0) return;
      for (const version of versions) {
        const names = [`original.${version.extension as string}`, ...(version.variants as { name: string }[]).map((variant) => variant.name)];
        for (const name of names) {
          const key = `${version.content_hash as string}/${name}`;
          if (written.has(key)) continue;
          written.add(key);
          await zip.add(`files/${key}`, () => this.copyBytes(key, version.file_id as number), new Date(version.created_at as Date));
        }
      }
      const last = versions[versions.length - 1];
      after = [last.file_id as number, last.id as number];
    }
  }

  private async *copyBytes(key: string, fileId: number): AsyncIterable<Buffer> {
    const bytes = await this.store.get(key);
    // An archive without a file's bytes would lose it on import: stop, and say which.
    if (!bytes) throw new Error(`The stored copy ${key} of file ${fileId} is missing from the file store, so the archive would be incomplete.`);
    yield bytes;
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * A JSON array read a batch at a time by keyset (`$1` is the last row's `id` column, which the
 * query selects as its key), written one element per line.
 */
async function* jsonArray(
  q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>,
  sql: string,
  shape: (row: Record<string, unknown>) => unknown,
  first: number | string = 0,
): AsyncIterable<string> {
  yield '[';
  let after: unknown = first;
  let separator = '\n';
  for (;;) {
    const rows = await q(sql, [after]);
    if (rows.length === 0) break;
    for (const row of rows) {
      yield `${separator}  ${JSON.stringify(shape(row))}`;
      separator = ',\n';
    }
    after = rows[rows.length - 1].id;
  }
  yield '\n]\n';
}
