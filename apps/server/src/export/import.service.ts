import { extractWikiLinks } from '@commonplace/markdown';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { open as openZip, type Entry, type ZipFile } from 'yauzl';
import { FILE_STORE, type FileStore } from '../files/file-store';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from './export.service';

/** No file in an archive is read if it is bigger than this (a page's text is at most a few hundred KB). */
const MOST_BYTES_PER_FILE = 64 * 1024 * 1024;

/** What is wrong with an archive or the site it goes into, in one line that says what to do. */
export class ImportError extends Error {}

export interface ImportCounts {
  people: number;
  peopleCreated: number;
  areas: number;
  recommendations: number;
  pages: number;
  revisions: number;
  threads: number;
  replies: number;
  files: number;
  fileVersions: number;
}

type Row = Record<string, unknown>;

/** One archive opened for reading its files by name (yauzl reads the central directory, then each file on demand). */
class Archive {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: Map<string, Entry>,
  ) {}

  static async open(path: string): Promise<Archive> {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      openZip(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, file) =>
        error || !file ? reject(new ImportError(`This file is not a ZIP archive, or it is damaged (${error?.message ?? 'unreadable'}).`)) : resolve(file),
      ),
    );
    const entries = new Map<string, Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', (error: Error) => reject(new ImportError(`This archive is damaged: ${error.message}.`)));
      zip.readEntry();
    });
    return new Archive(zip, entries);
  }

  close(): void {
    this.zip.close();
  }

  async text(name: string): Promise<string> {
    return (await this.bytes(name)).toString('utf8');
  }

  async bytes(name: string): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new ImportError(`This archive has no ${name}: it is incomplete or not a Commonplace export.`);
    if (entry.uncompressedSize > MOST_BYTES_PER_FILE) throw new ImportError(`${name} in this archive is larger than ${MOST_BYTES_PER_FILE / 1024 / 1024} MB.`);
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(new ImportError(`${name} in this archive cannot be read: ${error?.message ?? 'unreadable'}.`));
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (streamError: Error) => reject(new ImportError(`${name} in this archive is damaged: ${streamError.message}.`)));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
      });
    });
  }

  async json<T>(name: string): Promise<T> {
    const text = await this.text(name);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ImportError(`${name} in this archive is not valid JSON: the archive was changed or damaged.`);
    }
  }
}

/**
 * Brings an export archive (ExportService's format) into a Commonplace with no content yet: one
 * transaction, so a bad archive changes nothing. People are matched to accounts by username, or
 * created without a password (as the seeded people are: an administrator sets one, or they reset
 * it). Threads, replies and recommendations keep their ids, so permalinks still work.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  async importFile(path: string): Promise<ImportCounts> {
    const archive = await Archive.open(path);
    try {
      const manifest = await archive.json<{ format?: string; formatVersion?: number }>('manifest.json');
      if (manifest.format !== EXPORT_FORMAT) throw new ImportError('This archive is not a Commonplace wiki export (its manifest.json names another format).');
      if (manifest.formatVersion !== EXPORT_FORMAT_VERSION) {
        throw new ImportError(`This archive is format version ${String(manifest.formatVersion)}; this Commonplace reads version ${EXPORT_FORMAT_VERSION}. Import it with a matching version of Commonplace.`);
      }
      return await this.dataSource.transaction((db) => this.load(db, archive));
    } finally {
      archive.close();
    }
  }

  private async load(db: EntityManager, archive: Archive): Promise<ImportCounts> {
    // Nobody else may add content while this runs, and there must be none yet.
    await db.query('LOCK TABLE pages, areas, recommendations, threads, files IN EXCLUSIVE MODE');
    const [{ content }]: { content: boolean }[] = await db.query(
      'SELECT EXISTS (SELECT 1 FROM pages) OR EXISTS (SELECT 1 FROM areas) OR EXISTS (SELECT 1 FROM recommendations) OR EXISTS (SELECT 1 FROM threads) OR EXISTS (SELECT 1 FROM files) AS content',
    );
    if (content) throw new ImportError('This Commonplace already has pages, areas, threads or files: import into an empty one (a new database), so nothing is mixed or overwritten.');
    const counts: ImportCounts = { people: 0, peopleCreated: 0, areas: 0, recommendations: 0, pages: 0, revisions: 0, threads: 0, replies: 0, files: 0, fileVersions: 0 };

    const people = new Map<string, number>();
    type Person = { username: string; displayName: string; role: string; suspended: { at: string; reason: string } | null };
    for (const person of await archive.json<Person[]>('people.json')) {
      const [found]: { id: number }[] = await db.query('SELECT id FROM users WHERE username = $1', [person.username]);
      // An account already here keeps its own role and suspension: an archive never promotes,
      // demotes or suspends someone on the site it goes into (the administrator importing, say).
      if (found) people.set(person.username, found.id);
      else {
        if (!ROLES.includes(person.role)) throw new ImportError(`people.json gives "${person.username}" the role "${String(person.role)}", which Commonplace does not have: the archive was changed or damaged.`);
        const [made]: { id: number }[] = await db.query(
          'INSERT INTO users (username, display_name, role, suspended_at, suspended_reason) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [person.username, person.displayName, person.role, person.suspended?.at ?? null, person.suspended?.reason ?? null],
        );
        people.set(person.username, made.id);
        counts.peopleCreated++;
      }
      counts.people++;
    }
    const who = (username: unknown): number | null => {
      if (username === null || username === undefined) return null;
      const id = people.get(username as string);
      if (id === undefined) throw new ImportError(`This archive names "${String(username)}", who is not in its people.json: it was changed or damaged.`);
      return id;
    };

    const areas = new Map<string, number>();
    for (const area of await archive.json<Row[]>('areas.json')) {
      const [made]: { id: number }[] = await db.query(
        'INSERT INTO areas (slug, title, description, position, created_at, archived_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [area.slug, area.title, area.description, area.position, area.createdAt, area.archivedAt],
      );
      areas.set(area.slug as string, made.id);
      counts.areas++;
    }
    const areaId = (slug: unknown) => {
      if (slug === null || slug === undefined) return null;
      const id = areas.get(slug as string);
      if (id === undefined) throw new ImportError(`This archive files something under the area "${String(slug)}", which is not in its areas.json.`);
      return id;
    };

    const recommendations = await archive.json<Row[]>('recommendations.json');
    for (const r of recommendations) {
      await db.query(
        `INSERT INTO recommendations (id, area_id, position, text, status, proposed_by_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.id, areaId(r.area), r.position, r.text, r.status, who(r.proposedBy), r.createdAt, r.updatedAt],
      );
      for (const star of r.stars as Row[]) {
        await db.query('INSERT INTO stars (recommendation_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4)', [r.id, who(star.username), star.reason, star.createdAt]);
      }
      counts.recommendations++;
    }
    for (const r of recommendations) if (r.mergedIntoId !== null) await db.query('UPDATE recommendations SET merged_into_id = $1 WHERE id = $2', [r.mergedIntoId, r.id]);

    const pages = new Map<string, number>();
    for (const name of archive.entries.keys()) {
      const match = /^pages\/([a-z0-9-]+)\/page\.json$/.exec(name);
      if (!match) continue;
      const page = await archive.json<Row>(name);
      if (page.slug !== match[1]) throw new ImportError(`${name} names the page "${String(page.slug)}": the archive was changed or damaged.`);
      const deleted = page.deleted as Row | null;
      const [made]: { id: number }[] = await db.query(
        `INSERT INTO pages (slug, title, featured, tags, area_id, created_at, updated_at, deleted_at, deleted_by_id, deleted_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [page.slug, page.title, page.featured, page.tags, areaId(page.area), page.createdAt, page.updatedAt, deleted?.at ?? null, who(deleted?.by ?? null), deleted?.reason ?? null],
      );
      pages.set(page.slug as string, made.id);
      const numbers = new Map<number, number>();
      for (const revision of page.revisions as Row[]) {
        const body = await archive.text(`pages/${page.slug as string}/revisions/${revision.number as number}.md`);
        const [saved]: { id: number }[] = await db.query(
          'INSERT INTO revisions (page_id, body, author_id, summary, words_added, words_removed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
          [made.id, body, who(revision.author), revision.summary, revision.wordsAdded, revision.wordsRemoved, revision.createdAt],
        );
        numbers.set(revision.number as number, saved.id);
        // The page's history and recent changes read the change log, so each revision gets its entry.
        await db.query('INSERT INTO changes (page_id, kind, actor_id, note, revision_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          made.id,
          numbers.size === 1 ? 'created' : 'revision',
          who(revision.author),
          revision.summary,
          saved.id,
          revision.createdAt,
        ]);
        counts.revisions++;
      }
      for (const revision of page.revisions as Row[]) {
        const basedOn = revision.basedOn === null ? null : (numbers.get(revision.basedOn as number) ?? null);
        const revertedTo = revision.revertedTo === null ? null : (numbers.get(revision.revertedTo as number) ?? null);
        if (basedOn !== null || revertedTo !== null) {
          await db.query('UPDATE revisions SET base_revision_id = $1, reverted_to_id = $2 WHERE id = $3', [basedOn, revertedTo, numbers.get(revision.number as number)]);
        }
      }
      const current = page.currentRevision === null ? null : (numbers.get(page.currentRevision as number) ?? null);
      // Plain SQL with updated_at kept as exported (the search trigger fires on current_revision_id).
      if (current !== null) {
        await db.query('UPDATE pages SET current_revision_id = $1 WHERE id = $2', [current, made.id]);
        // "Links to this page" reads page_links, which saving a page keeps: made here from the current text.
        const links = extractWikiLinks(await archive.text(`pages/${page.slug as string}/revisions/${page.currentRevision as number}.md`));
        if (links.length > 0) await db.query('INSERT INTO page_links (from_page_id, to_slug) SELECT DISTINCT $1::int, unnest($2::text[])', [made.id, links.map((link) => link.slug)]);
      }
      counts.pages++;
    }
    const pageId = (slug: unknown) => {
      const id = pages.get(slug as string);
      if (id === undefined) throw new ImportError(`This archive refers to the page "${String(slug)}", which is not in it.`);
      return id;
    };

    for (const redirect of await archive.json<Row[]>('redirects.json')) {
      await db.query('INSERT INTO page_redirects (slug, page_id, created_at) VALUES ($1, $2, $3)', [redirect.from, pageId(redirect.to), redirect.createdAt]);
    }

    for (const name of archive.entries.keys()) {
      if (!/^threads\/\d+\.json$/.test(name)) continue;
      const thread = await archive.json<Row>(name);
      const hidden = thread.hidden as Row | null;
      await db.query(
        `INSERT INTO threads (id, page_id, recommendation_id, subject, body, starter_id, tags, created_at, locked_at, pinned_at, hidden_at, hidden_by_id, hidden_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [thread.id, pageId(thread.page), thread.recommendationId, thread.subject, thread.body, who(thread.starter), thread.tags, thread.createdAt, thread.lockedAt, thread.pinnedAt, hidden?.at ?? null, who(hidden?.by ?? null), hidden?.reason ?? null],
      );
      // A reply goes in after the one it answers (the depth trigger reads the parent).
      const waiting = [...(thread.replies as Row[])];
      const inserted = new Set<unknown>();
      while (waiting.length > 0) {
        const ready = waiting.filter((reply) => reply.parentId === null || inserted.has(reply.parentId));
        if (ready.length === 0) throw new ImportError(`${name} has replies that answer replies not in the thread: the archive was changed or damaged.`);
        for (const reply of ready) {
          const replyHidden = reply.hidden as Row | null;
          await db.query(
            `INSERT INTO replies (id, thread_id, parent_reply_id, author_id, body, created_at, edited_at, edit_count, deleted_at, hidden_at, hidden_by_id, hidden_reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [reply.id, thread.id, reply.parentId, who(reply.author), reply.body, reply.createdAt, reply.editedAt, reply.editCount, reply.deletedAt, replyHidden?.at ?? null, who(replyHidden?.by ?? null), replyHidden?.reason ?? null],
          );
          inserted.add(reply.id);
          waiting.splice(waiting.indexOf(reply), 1);
          counts.replies++;
        }
      }
      counts.threads++;
    }

    await this.loadFiles(db, archive, who, counts);

    // Rows given their ids: the next ones made on the site must come after them.
    for (const table of ['recommendations', 'threads', 'replies', 'files', 'file_versions']) {
      // (An empty table's next id stays 1.)
      await db.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL) FROM ${table}`);
    }
    return counts;
  }

  /**
   * files.json's files keep their ids (texts refer to them as `![[file:<id>]]`); each version's
   * copies (files/<hash>/<copy>) go into the file store, one at a time, the full-size one checked
   * against its SHA-256. The store is not part of the transaction: if the import stops later, the
   * copies written stay in it unused, as an upload that failed leaves them (content-addressed, so
   * a second import writes nothing twice).
   */
  private async loadFiles(db: EntityManager, archive: Archive, who: (username: unknown) => number | null, counts: ImportCounts): Promise<void> {
    const damaged = (what: string) => new ImportError(`files.json ${what}: the archive was changed or damaged.`);
    for (const file of await archive.json<Row[]>('files.json')) {
      const hidden = file.hidden as Row | null;
      const versions = file.versions as Row[];
      if (!Number.isInteger(file.id) || !Array.isArray(versions) || versions.length === 0) throw damaged(`lists a file without an id or versions ("${String(file.name)}")`);
      await db.query(
        `INSERT INTO files (id, name, kind, description, decorative, uploader_id, created_at, hidden_at, hidden_by_id, hidden_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [file.id, file.name, file.kind, file.description, file.decorative, who(file.uploadedBy), file.createdAt, hidden?.at ?? null, who(hidden?.by ?? null), hidden?.reason ?? null],
      );
      for (const version of versions) {
        const hash = String(version.contentHash);
        const variants = version.variants as { name: string; width: number }[];
        if (!/^[0-9a-f]{64}$/.test(hash) || !/^[a-z]{2,5}$/.test(String(version.extension)) || !Array.isArray(variants) || variants.some((v) => !/^[a-z0-9]{1,16}\.[a-z]{2,5}$/.test(String(v.name)))) {
          throw damaged(`has a version of file ${String(file.id)} with a bad hash, extension or copy name`);
        }
        const original = `${hash}/original.${String(version.extension)}`;
        const bytes = await archive.bytes(`files/${original}`);
        if (createHash('sha256').update(bytes).digest('hex') !== hash) throw new ImportError(`files/${original} in this archive does not match its SHA-256: the archive was changed or damaged.`);
        await this.store.put(original, bytes, String(version.mediaType));
        for (const variant of variants) {
          await this.store.put(`${hash}/${variant.name}`, await archive.bytes(`files/${hash}/${variant.name}`), variant.name.endsWith('.webp') ? 'image/webp' : String(version.mediaType));
        }
        await db.query(
          `INSERT INTO file_versions (file_id, content_hash, media_type, extension, byte_size, width, height, variants, uploader_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [file.id, hash, version.mediaType, version.extension, bytes.length, version.width, version.height, JSON.stringify(variants), who(version.uploadedBy), version.createdAt],
        );
        counts.fileVersions++;
      }
      counts.files++;
    }

  }
}

const ROLES = ['participant', 'moderator', 'admin'];
