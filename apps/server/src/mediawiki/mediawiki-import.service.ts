import { extractWikiLinks, slugify } from '@commonplace/markdown';
import { countWordChanges } from '@commonplace/word-diff';
import { Injectable } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { USERNAME_MAX, USERNAME_MIN } from '../accounts/account-rules';
import { ChangeKind } from '../changes/change.entity';
import { DISCUSSION_LIMITS } from '../discussions/posting.models';
import { PAGE_LIMITS } from '../pages/page-editing.models';
import { normaliseTags } from '../pages/page-rules';
import { DumpError, readDump, type DumpContributor, type DumpPiece, type DumpRevision, type DumpSite } from './mediawiki-dump';
import { answers, readTalkPage } from './talk-threads';
import { checkPandoc, CONVERSION_BATCH, CONVERSION_RUNS, convertMany, PandocMissingError, type Converted, type KeptAsCode } from './wikitext-converter';

/** What stops an import before it changes anything, in one line that says what to do. */
export class MediawikiImportError extends Error {}

export interface MediawikiImportOptions {
  /** Called with each progress line (the terminal command prints them). */
  progress?: (line: string) => void;
  /** Stop after this many pages of the dump have been handled, as a crash would (for testing resume). */
  stopAfterPages?: number;
  /** Where the report goes (Markdown); none written when absent. */
  reportPath?: string;
  /** Called with the pages handled so far and the dump's pages, as often as the progress lines (the browser's import page records them). */
  pages?: (done: number, total: number) => void | Promise<void>;
}

export interface MediawikiImportResult {
  wiki: string;
  pages: number;
  revisions: number;
  threads: number;
  replies: number;
  /** Of those, brought in by this run (the rest by an earlier, interrupted one). */
  pagesThisRun: number;
  revisionsThisRun: number;
  peopleCreated: number;
  /** True when stopAfterPages stopped it early. */
  stopped: boolean;
  report: string;
}

/** Namespaces whose pages are not brought in: people's pages, files, the interface, templates, modules. */
const SKIPPED_NAMESPACES = new Set([-2, -1, 2, 3, 6, 7, 8, 9, 10, 11, 828, 829]);
const PROGRESS_EVERY_MS = 2000;
/** Revisions gathered (across pages) before one conversion run. */
const PAGES_BATCH_REVISIONS = CONVERSION_BATCH * CONVERSION_RUNS;
/** The account for edits without one (IP addresses, hidden names) and for unsigned talk-page text. */
const NOBODY = { username: 'mediawiki-unknown', displayName: 'Someone on the old wiki (name not known)' };
/** Only one import at a time (a session-level advisory lock). */
const LOCK_KEY = 18_005;

type Kind = 'page' | 'talk' | 'redirect' | 'skip';

interface PreparedPage {
  piece: DumpPiece;
  slug: string;
  knownPageId: number | null;
  fresh: DumpRevision[];
}

interface Plan {
  site: DumpSite;
  wiki: string;
  pages: number;
  revisions: number;
  /** Dump page id → why it is not imported (titles sharing an address). */
  clashes: Map<number, string>;
  skippedByNamespace: Map<string, number>;
}

const summaryOf = (comment: string) => comment.slice(0, PAGE_LIMITS.summaryLength);
const shorten = (text: string, most = 120) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > most ? `${line.slice(0, most - 1)}…` : line;
};

/**
 * Brings a MediaWiki XML dump into Commonplace: every revision of every content page (wikitext
 * converted to Markdown by Pandoc), talk pages as threads, redirects as redirects. The dump is
 * read twice more as a stream after a first pass that checks it (broken XML or clashing titles stop
 * nothing half-way: they are found before anything is written). Each piece of a page is one
 * transaction that also records what it brought in (mediawiki_pages, mediawiki_revisions), so an
 * import stopped by a crash continues when run again, and never adds anything twice.
 */
@Injectable()
export class MediawikiImportService {
  constructor(private readonly dataSource: DataSource) {}

  async importDump(path: string, options: MediawikiImportOptions = {}): Promise<MediawikiImportResult> {
    const progress = options.progress ?? (() => undefined);
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await lock.query('SELECT pg_try_advisory_lock($1) AS locked', [LOCK_KEY]);
      if (!locked) throw new MediawikiImportError('Another MediaWiki import is running on this database: wait for it to finish, then run this one again.');
      try {
        return await this.run(path, options, progress);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    } catch (error) {
      if (error instanceof DumpError || error instanceof PandocMissingError) throw new MediawikiImportError(error.message);
      throw error;
    } finally {
      await lock.release();
    }
  }

  private async run(path: string, options: MediawikiImportOptions, progress: (line: string) => void): Promise<MediawikiImportResult> {
    const started = Date.now();
    const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
    await checkPandoc();
    progress(`Checking ${path}…`);
    const plan = await this.check(path);
    progress(`The dump is whole: ${plan.pages} pages with ${plan.revisions} revisions from ${plan.site.sitename || plan.wiki} (${elapsed()}).`);

    const run = new ImportRun(this.dataSource, plan);
    const [{ before }]: { before: number }[] = await this.dataSource.query('SELECT count(*)::int AS before FROM mediawiki_pages WHERE wiki = $1', [plan.wiki]);
    if (before > 0) progress(`Continuing an earlier import of ${plan.wiki}: ${before} pages were already in; they are not added again.`);

    let handled = 0;
    let lastLine = Date.now();
    let stopped = false;
    await options.pages?.(0, plan.pages);
    const tell = async (force = false) => {
      if (!force && Date.now() - lastLine < PROGRESS_EVERY_MS) return;
      lastLine = Date.now();
      await options.pages?.(handled, plan.pages);
      const percent = plan.pages === 0 ? 100 : Math.floor((handled / plan.pages) * 100);
      progress(`${handled} of ${plan.pages} pages (${percent}%): ${run.revisionsThisRun} revisions and ${run.threadsThisRun} threads added, ${elapsed()}`);
    };
    // Pages are converted in batches across pages (a Pandoc run costs more to start than to convert a page).
    let waiting: PreparedPage[] = [];
    const flush = async () => {
      const batch = waiting;
      waiting = [];
      const converted = await convertMany(batch.flatMap((prepared) => prepared.fresh.map((r) => r.text ?? '')));
      let k = 0;
      for (const prepared of batch) {
        await run.writePage(prepared, converted.slice(k, k + prepared.fresh.length));
        k += prepared.fresh.length;
      }
    };
    // Pages first, talk pages after (their threads go on pages that must be in already), redirects last.
    passes: for (const wanted of ['page', 'talk', 'redirect'] as Kind[]) {
      for await (const item of readDump(path)) {
        if (!('page' in item)) continue;
        const kind = run.kindOf(item.page);
        // Pages of namespaces not brought over count as handled in the first pass.
        if (kind !== wanted && !(wanted === 'page' && kind === 'skip')) continue;
        if (kind === 'page') {
          // A later piece of a page waits for the earlier one to be written (it makes the page).
          if (waiting.some((w) => w.piece.page.id === item.page.id)) await flush();
          const prepared = await run.preparePage(item);
          if (prepared) waiting.push(prepared);
          if (waiting.reduce((n, w) => n + w.fresh.length, 0) >= PAGES_BATCH_REVISIONS) await flush();
        } else if (kind === 'talk') await run.talkPiece(item);
        else if (kind === 'redirect') await run.redirectPiece(item);
        if (item.last) {
          handled++;
          if (waiting.length === 0) await tell();
          if (options.stopAfterPages !== undefined && handled >= options.stopAfterPages) {
            stopped = true;
            break passes;
          }
        }
      }
      await flush();
    }
    await flush();
    await tell(true);
    const result = await run.result(stopped);
    if (options.reportPath) {
      await writeFile(options.reportPath, result.report);
      progress(`The import report is in ${options.reportPath}.`);
    }
    return result;
  }

  /** The first pass: the whole dump is read (so broken XML stops everything before anything is written), counted, and its titles compared. */
  private async check(path: string): Promise<Plan> {
    let site: DumpSite | null = null;
    let pages = 0;
    let revisions = 0;
    const bySlug = new Map<string, string>();
    const clashes = new Map<number, string>();
    const skippedByNamespace = new Map<string, number>();
    for await (const item of readDump(path)) {
      if (!('page' in item)) {
        site = item;
        continue;
      }
      revisions += item.revisions.length;
      if (!item.last) continue;
      pages++;
      const { ns, title, id, redirect } = item.page;
      if (SKIPPED_NAMESPACES.has(ns)) {
        const name = site?.namespaces.get(ns) ?? String(ns);
        skippedByNamespace.set(name, (skippedByNamespace.get(name) ?? 0) + 1);
        continue;
      }
      if (ns % 2 === 1 || redirect !== null) continue;
      const slug = slugify(title);
      const first = bySlug.get(slug);
      if (first === undefined) bySlug.set(slug, title);
      else {
        clashes.set(
          id,
          `“${title}” was not imported: it would have the address /wiki/${slug}, as “${first}” does (titles that differ only in case or punctuation share an address here). ` +
            'Rename one of them in MediaWiki, export again and run the import again; what is already imported stays.',
        );
      }
    }
    if (!site) throw new MediawikiImportError('This MediaWiki export has no <siteinfo>: export it with dumpBackup.php or Special:Export, which write one.');
    return { site, wiki: site.dbname || site.sitename, pages, revisions, clashes, skippedByNamespace };
  }
}

/** One run of an import: the people met so far, the counts, the notes for pages not imported. */
class ImportRun {
  revisionsThisRun = 0;
  pagesThisRun = 0;
  threadsThisRun = 0;
  peopleCreated = 0;
  private readonly people = new Map<string, number>();
  /** Lines of the report about pages that were not imported (computed again on every run). */
  private readonly notImported: string[] = [];
  private readonly subjectNamespaces: Map<number, string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly plan: Plan,
  ) {
    this.subjectNamespaces = plan.site.namespaces;
  }

  private get wiki() {
    return this.plan.wiki;
  }

  kindOf(page: DumpPiece['page']): Kind {
    if (SKIPPED_NAMESPACES.has(page.ns)) return 'skip';
    if (page.ns % 2 === 1) return 'talk';
    return page.redirect !== null ? 'redirect' : 'page';
  }

  /** The account for a MediaWiki name: matched by username, or made without a password. */
  private async person(db: EntityManager, contributor: DumpContributor | string | null): Promise<number> {
    const name = typeof contributor === 'string' ? contributor : (contributor?.username ?? null);
    const key = name ?? '';
    const known = this.people.get(key);
    if (known !== undefined) return known;
    let username = NOBODY.username;
    let displayName = NOBODY.displayName;
    if (name) {
      displayName = name.slice(0, 60);
      username = name
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .replace(/[^A-Za-z0-9._-]+/g, '_')
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
        .slice(0, USERNAME_MAX)
        .replace(/[^A-Za-z0-9]+$/, '');
      if (username.length < USERNAME_MIN) username = `mw-user-${typeof contributor === 'object' && contributor?.id ? contributor.id : slugify(name) || 'x'}`.slice(0, USERNAME_MAX);
    }
    const [found]: { id: number }[] = await db.query('SELECT id FROM users WHERE lower(username) = lower($1)', [username]);
    let id = found?.id;
    if (id === undefined) {
      const [made]: { id: number }[] = await db.query('INSERT INTO users (username, display_name) VALUES ($1, $2) RETURNING id', [username, displayName]);
      id = made.id;
      this.peopleCreated++;
    }
    this.people.set(key, id);
    return id;
  }

  private async recorded(mwPageId: number): Promise<{ page_id: number | null } | undefined> {
    const [row]: { page_id: number | null }[] = await this.dataSource.query('SELECT page_id FROM mediawiki_pages WHERE wiki = $1 AND mw_page_id = $2', [this.wiki, mwPageId]);
    return row;
  }

  /** One piece of a content page: whether it is imported at all, and its revisions not yet in. */
  async preparePage(piece: DumpPiece): Promise<PreparedPage | null> {
    const clash = this.plan.clashes.get(piece.page.id);
    if (clash) {
      if (piece.last) this.notImported.push(clash);
      return null;
    }
    const slug = slugify(piece.page.title);
    const known = await this.recorded(piece.page.id);
    if (!known) {
      const [taken]: { id: number }[] = await this.dataSource.query('SELECT id FROM pages WHERE slug = $1', [slug]);
      if (taken || !slug) {
        if (piece.last) {
          this.notImported.push(
            slug
              ? `“${piece.page.title}” was not imported: this Commonplace already has a page at /wiki/${slug}. Rename that page here (or the MediaWiki page, then export again) and run the import again.`
              : `“${piece.page.title}” was not imported: its title has no letter or number to make an address from. Rename it in MediaWiki, export again and run the import again.`,
          );
        }
        return null;
      }
    }
    const ids = piece.revisions.map((r) => r.id);
    const done: { mw_revision_id: string }[] = ids.length
      ? await this.dataSource.query('SELECT mw_revision_id FROM mediawiki_revisions WHERE wiki = $1 AND mw_revision_id = ANY($2::bigint[])', [this.wiki, ids])
      : [];
    const already = new Set(done.map((row) => Number(row.mw_revision_id)));
    const fresh = piece.revisions.filter((r) => !already.has(r.id));
    return fresh.length === 0 ? null : { piece, slug, knownPageId: known?.page_id ?? null, fresh };
  }

  /** Writes a prepared piece: its revisions, in one transaction with their record. */
  async writePage({ piece, slug, knownPageId, fresh }: PreparedPage, converted: Converted[]): Promise<void> {
    const title = piece.page.title.slice(0, PAGE_LIMITS.titleLength);
    await this.dataSource.transaction(async (db) => {
      let pageId = knownPageId;
      const notes: string[] = [];
      if (pageId === null) {
        const [made]: { id: number }[] = await db.query(
          'INSERT INTO pages (slug, title, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT (slug) DO NOTHING RETURNING id',
          [slug, title, fresh[0]?.timestamp ?? new Date().toISOString()],
        );
        if (!made) throw new MediawikiImportError(`Someone made a page at /wiki/${slug} while “${piece.page.title}” was being imported: run the import again.`);
        pageId = made.id;
        await db.query('INSERT INTO mediawiki_pages (wiki, mw_page_id, title, page_id) VALUES ($1, $2, $3, $4)', [this.wiki, piece.page.id, piece.page.title, pageId]);
        this.pagesThisRun++;
      }
      const [current]: { id: number; body: string }[] = await db.query(
        'SELECT r.id, r.body FROM pages p JOIN revisions r ON r.id = p.current_revision_id WHERE p.id = $1',
        [pageId],
      );
      let previous = current ?? null;
      let last: { body: string; converted: Converted; at: string } | null = null;
      for (const [k, revision] of fresh.entries()) {
        const body = revision.text === null ? '' : converted[k].markdown;
        const author = await this.person(db, revision.contributor);
        const counts = countWordChanges(previous?.body ?? '', body);
        const summary = summaryOf(revision.comment) + (revision.text === null ? (revision.comment ? ' ' : '') + '(text hidden on the old wiki)' : '');
        const [saved]: { id: number }[] = await db.query(
          'INSERT INTO revisions (page_id, body, author_id, summary, words_added, words_removed, base_revision_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id',
          [pageId, body, author, summary.slice(0, PAGE_LIMITS.summaryLength), counts.added, counts.removed, previous?.id ?? null, revision.timestamp],
        );
        await db.query('INSERT INTO changes (page_id, kind, actor_id, note, revision_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          pageId,
          previous ? ChangeKind.Revision : ChangeKind.Created,
          author,
          summary.slice(0, PAGE_LIMITS.summaryLength),
          saved.id,
          revision.timestamp,
        ]);
        await db.query('INSERT INTO mediawiki_revisions (wiki, mw_revision_id, revision_id) VALUES ($1, $2, $3)', [this.wiki, revision.id, saved.id]);
        previous = { id: saved.id, body };
        last = { body, converted: converted[k], at: revision.timestamp };
        this.revisionsThisRun++;
      }
      if (!last || !previous) return;
      // The page shows its newest revision; its keyword tags are the newest revision's categories.
      const tags = this.tags(last.converted.categories, notes);
      await db.query('UPDATE pages SET current_revision_id = $1, updated_at = $2, tags = $3 WHERE id = $4', [previous.id, last.at, tags, pageId]);
      await db.query('DELETE FROM page_links WHERE from_page_id = $1', [pageId]);
      const links = extractWikiLinks(last.body);
      if (links.length > 0) await db.query('INSERT INTO page_links (from_page_id, to_slug) SELECT DISTINCT $1::int, unnest($2::text[])', [pageId, links.map((link) => link.slug)]);
      const olderKept = converted.slice(0, -1).filter((c) => c.keptAsCode.length > 0).length;
      notes.push(...last.converted.keptAsCode.map(describeKept));
      if (olderKept > 0) notes.push(`${olderKept} older revision${olderKept === 1 ? '' : 's'} of this piece also kept parts as code.`);
      await db.query('UPDATE mediawiki_pages SET notes = $1 WHERE wiki = $2 AND mw_page_id = $3', [JSON.stringify(notes), this.wiki, piece.page.id]);
    });
  }

  private tags(categories: string[], notes: string[]): string[] {
    const tags: string[] = [];
    for (const category of categories) {
      const result = normaliseTags([...tags, category]);
      if ('tags' in result) tags.splice(0, tags.length, ...result.tags);
      else notes.push(`The category “${category}” did not become a keyword tag: ${result.message}.`);
    }
    return tags;
  }

  /** The page a talk page is about (Talk:X → X, in whatever namespace X is). */
  private subjectTitle(page: DumpPiece['page']): string {
    const talkName = this.subjectNamespaces.get(page.ns) ?? '';
    const subjectName = this.subjectNamespaces.get(page.ns - 1) ?? '';
    const rest = talkName && page.title.startsWith(`${talkName}:`) ? page.title.slice(talkName.length + 1) : page.title;
    return subjectName ? `${subjectName}:${rest}` : rest;
  }

  /** A talk page's newest revision, read as threads on its page; older talk revisions are not kept (the threads are the conversation). */
  async talkPiece(piece: DumpPiece): Promise<void> {
    if (!piece.last) return;
    const newest = piece.revisions[piece.revisions.length - 1];
    if (!newest || newest.text === null || (await this.recorded(piece.page.id))) return;
    const subject = this.subjectTitle(piece.page);
    const [target]: { page_id: number }[] = await this.dataSource.query(
      `SELECT page_id FROM mediawiki_pages WHERE wiki = $1 AND title = $2 AND page_id IS NOT NULL`,
      [this.wiki, subject],
    );
    if (!target) {
      this.notImported.push(`The discussions on “${piece.page.title}” were not imported: its page “${subject}” was not imported (see above, or it is not in the dump).`);
      return;
    }
    const threads = readTalkPage(newest.text).filter((thread) => thread.comments.some((c) => c.text.trim() !== ''));
    const converted = await convertMany(threads.flatMap((thread) => thread.comments.map((c) => c.text)));
    await this.dataSource.transaction(async (db) => {
      const notes: string[] = [];
      let k = 0;
      for (const thread of threads) {
        const parents = answers(thread.comments);
        const ids: number[] = [];
        let threadId = 0;
        for (const [i, comment] of thread.comments.entries()) {
          const body = converted[k++].markdown;
          const author = await this.person(db, comment.username ?? null);
          const at = (comment.at ?? new Date(newest.timestamp)).toISOString();
          if (i === 0) {
            const [made]: { id: number }[] = await db.query('INSERT INTO threads (page_id, subject, body, starter_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
              target.page_id,
              thread.subject.slice(0, DISCUSSION_LIMITS.subjectLength),
              body,
              author,
              at,
            ]);
            threadId = made.id;
            ids.push(0);
          } else {
            const parent = parents[i] <= 0 ? null : ids[parents[i]];
            const [made]: { id: number }[] = await db.query('INSERT INTO replies (thread_id, parent_reply_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
              threadId,
              parent,
              author,
              body,
              at,
            ]);
            ids.push(made.id);
          }
        }
        if (thread.problem) notes.push(`The thread “${thread.subject}” has ${thread.problem}: that text is attributed to “${NOBODY.displayName}”, at the talk page's last edit time.`);
        this.threadsThisRun++;
      }
      await db.query('INSERT INTO mediawiki_pages (wiki, mw_page_id, title, page_id, threads, notes) VALUES ($1, $2, $3, NULL, $4, $5)', [
        this.wiki,
        piece.page.id,
        piece.page.title,
        threads.length,
        JSON.stringify(notes),
      ]);
    });
  }

  /** A redirect page becomes a redirect to its target's page (once that page is in). */
  async redirectPiece(piece: DumpPiece): Promise<void> {
    if (!piece.last || (await this.recorded(piece.page.id))) return;
    const slug = slugify(piece.page.title);
    const target = piece.page.redirect ?? '';
    const [page]: { page_id: number }[] = await this.dataSource.query('SELECT page_id FROM mediawiki_pages WHERE wiki = $1 AND title = $2 AND page_id IS NOT NULL', [this.wiki, target.replace(/#.*$/, '')]);
    if (!page) {
      this.notImported.push(`The redirect “${piece.page.title}” → “${target}” was not imported: its target page was not imported.`);
      return;
    }
    await this.dataSource.transaction(async (db) => {
      const [taken]: { taken: boolean }[] = await db.query('SELECT EXISTS (SELECT 1 FROM pages WHERE slug = $1) OR EXISTS (SELECT 1 FROM page_redirects WHERE slug = $1) AS taken', [slug]);
      if (taken.taken) this.notImported.push(`The redirect “${piece.page.title}” was not imported: /wiki/${slug} is already a page or a redirect here.`);
      else await db.query('INSERT INTO page_redirects (slug, page_id, created_at) VALUES ($1, $2, $3)', [slug, page.page_id, piece.revisions.at(-1)?.timestamp ?? new Date().toISOString()]);
      await db.query('INSERT INTO mediawiki_pages (wiki, mw_page_id, title, page_id) VALUES ($1, $2, $3, NULL)', [this.wiki, piece.page.id, piece.page.title]);
    });
  }

  async result(stopped: boolean): Promise<MediawikiImportResult> {
    const [totals]: { pages: number; revisions: number; threads: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM mediawiki_pages WHERE wiki = $1 AND page_id IS NOT NULL) AS pages,
              (SELECT count(*)::int FROM mediawiki_revisions WHERE wiki = $1) AS revisions,
              (SELECT coalesce(sum(threads), 0)::int FROM mediawiki_pages WHERE wiki = $1) AS threads`,
      [this.wiki],
    );
    const [{ replies }]: { replies: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS replies FROM replies r JOIN threads t ON t.id = r.thread_id
       WHERE t.page_id IN (SELECT page_id FROM mediawiki_pages WHERE wiki = $1 AND page_id IS NOT NULL)`,
      [this.wiki],
    );
    const noted: { title: string; notes: string[]; page_id: number | null; slug: string | null }[] = await this.dataSource.query(
      `SELECT m.title, m.notes, m.page_id, p.slug FROM mediawiki_pages m LEFT JOIN pages p ON p.id = m.page_id
       WHERE m.wiki = $1 AND jsonb_array_length(m.notes) > 0 ORDER BY m.title`,
      [this.wiki],
    );
    const lines = [
      `# Import of ${this.plan.site.sitename || this.wiki} (${this.wiki}) from MediaWiki`,
      '',
      stopped ? 'The import was stopped before the end of the dump: run it again to continue.' : 'The whole dump has been read.',
      '',
      `- Pages: ${totals.pages} with ${totals.revisions} revisions (${this.pagesThisRun} pages and ${this.revisionsThisRun} revisions added by this run)`,
      `- Discussions: ${totals.threads} threads with ${replies} replies, from talk pages`,
      `- People: ${this.peopleCreated} accounts made by this run, without passwords (set one as an administrator, or they reset it)`,
      '',
      '## Not imported',
      '',
      ...(this.notImported.length === 0 ? ['Nothing: every page of the dump that Commonplace can hold is in.'] : this.notImported.map((line) => `- ${line}`)),
      ...[...this.plan.skippedByNamespace].map(([name, count]) => `- ${count} page${count === 1 ? '' : 's'} in the namespace “${name || '(main)'}” (people's pages, files, templates and the interface are not brought over).`),
      '',
      '## Kept as code, and discussions that break the conventions',
      '',
      'What the converter could not turn into Markdown is in the page as a code block (or code span), word for word; here for each page’s newest text.',
      '',
    ];
    if (noted.length === 0) lines.push('Nothing: every text converted.');
    for (const row of noted) {
      lines.push(`### ${row.title}${row.slug ? ` (/wiki/${row.slug})` : ''}`, '', ...row.notes.map((note) => `- ${note}`), '');
    }
    return {
      wiki: this.wiki,
      pages: totals.pages,
      revisions: totals.revisions,
      threads: totals.threads,
      replies,
      pagesThisRun: this.pagesThisRun,
      revisionsThisRun: this.revisionsThisRun,
      peopleCreated: this.peopleCreated,
      stopped,
      report: lines.join('\n').trimEnd() + '\n',
    };
  }
}

function describeKept(part: KeptAsCode): string {
  if (part.kind === 'whole text') return `The whole text is kept as code: ${part.text}.`;
  return `${part.kind[0].toUpperCase()}${part.kind.slice(1)} kept as code: \`${shorten(part.text).replace(/`/g, "'")}\``;
}
