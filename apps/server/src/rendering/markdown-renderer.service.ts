import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { extractMentions, renderMarkdown } from '@commonplace/markdown';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { DataVersion } from '../database/data-version.service';

/** Rendered HTML, with the wiki links it rendered and whether each target existed then, and whom its mentions named. */
interface Rendered {
  html: string;
  links: [slug: string, existed: boolean][];
  /** Each mentioned name (lower-cased) with the person's username then, or null for nobody. */
  mentions: [name: string, username: string | null][];
}

/**
 * The server's one path from user markdown to sanitised HTML (the shared `@commonplace/markdown`
 * library), with a cache keyed by the text. Wiki links show whether their target exists, so an
 * entry remembers which links it rendered and how: it is used while every one of them still points
 * where it did, and rendered again when one does not. Creating or deleting a page re-renders only
 * the texts that link to it.
 */
@Injectable()
export class MarkdownRenderer {
  private readonly cache = new LRUCache<string, Rendered>({
    max: 5000,
    maxSize: 50_000_000,
    sizeCalculation: (rendered, text) => rendered.html.length + text.length + (rendered.links.length + rendered.mentions.length) * 40,
  });
  /**
   * Whether named people exist, asked for every text rendered in the same tick in one query: a thread
   * of 200 replies that mention people costs one lookup, not 200. Not cached (`cache: false`): the
   * answer must be fresh on every render (see render). Shared by all requests, which is safe: whether
   * an account exists is public (its profile page says so) and the same for every viewer.
   */
  private readonly people = new DataLoader<string, string | null>(
    async (names) => {
      const rows: { username: string }[] = await this.dataSource.query('SELECT username FROM users WHERE lower(username) = ANY($1) AND deleted_at IS NULL', [[...names]]);
      const found = new Map(rows.map((row) => [row.username.toLowerCase(), row.username]));
      return names.map((name) => found.get(name) ?? null);
    },
    // A batch is bounded: each text names at most MAX_MENTIONS people, and one query asks for 1000 at most.
    { cache: false, maxBatchSize: 1000 },
  );
  private existingSlugs: Promise<Set<string>> | null = null;
  private slugsStale = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    dataVersion: DataVersion,
  ) {
    // A page created, renamed or deleted by another server process changes how links to it render here too.
    dataVersion.onTableChanged('pages', () => this.refreshSlugs());
    dataVersion.onTableChanged('page_redirects', () => this.refreshSlugs());
  }

  async render(markdown: string): Promise<string> {
    if (this.slugsStale) {
      this.slugsStale = false;
      this.existingSlugs = null;
    }
    const slugs = await this.loadExistingSlugs();
    const cached = this.cache.get(markdown);
    // Mentions are looked up every time (one indexed query for all texts rendered together, only for texts that mention anyone):
    // people join and leave on any server process, and a cached link to a deleted account must not stay.
    const names = cached ? cached.mentions.map(([name]) => name) : extractMentions(markdown);
    const people = await this.existingPeople(names);
    if (
      cached &&
      cached.links.every(([slug, existed]) => slugs.has(slug) === existed) &&
      cached.mentions.every(([name, username]) => (people.get(name) ?? null) === username)
    ) {
      return cached.html;
    }
    const links: Rendered['links'] = [];
    const html = renderMarkdown(markdown, {
      pageExists: (slug) => {
        const exists = slugs.has(slug);
        links.push([slug, exists]);
        return exists;
      },
      mentionedUser: (name) => people.get(name) ?? null,
    });
    this.cache.set(markdown, { html, links, mentions: names.map((name) => [name, people.get(name) ?? null]) });
    return html;
  }

  /** Lower-cased name → username, for the named people whose accounts exist (not deleted); batched with other texts. */
  private async existingPeople(names: string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const usernames = await this.people.loadMany(names);
    const failed = usernames.find((username) => username instanceof Error);
    if (failed) throw failed;
    return new Map(names.flatMap((name, i) => (typeof usernames[i] === 'string' ? [[name, usernames[i]] as const] : [])));
  }

  /** Call after a page is created, renamed or deleted here: links to it render differently now. */
  pagesChanged(): void {
    this.existingSlugs = null;
  }

  /** Marks the slugs as possibly changed; the next render reads them again (no query until then). */
  private refreshSlugs(): void {
    this.slugsStale = true;
  }

  private loadExistingSlugs(): Promise<Set<string>> {
    this.existingSlugs ??= this.dataSource
      .query<{ slug: string }[]>(
        // Old slugs redirect to their page, so links written with an old title still arrive.
        `SELECT slug FROM pages WHERE deleted_at IS NULL
         UNION ALL SELECT r.slug FROM page_redirects r JOIN pages p ON p.id = r.page_id WHERE p.deleted_at IS NULL`,
      )
      .then((rows) => new Set(rows.map((row) => row.slug)));
    // A failed read is not kept: the next render asks again.
    const loading = this.existingSlugs;
    loading.catch(() => {
      if (this.existingSlugs === loading) this.existingSlugs = null;
    });
    return this.existingSlugs;
  }
}
