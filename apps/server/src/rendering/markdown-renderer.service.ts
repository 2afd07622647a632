import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { renderMarkdown } from '@commonplace/markdown';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { DataVersion } from '../database/data-version.service';

/**
 * The server's one path from user markdown to sanitised HTML (the shared `@commonplace/markdown`
 * library), with a cache: the same text renders the same way until the set of pages changes,
 * because wiki links show whether their target exists.
 */
@Injectable()
export class MarkdownRenderer {
  private readonly cache = new LRUCache<string, string>({ max: 5000, maxSize: 50_000_000, sizeCalculation: (html, text) => html.length + text.length });
  private existingSlugs: Promise<Set<string>> | null = null;
  private slugsStale = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    dataVersion: DataVersion,
  ) {
    // A page created, renamed or deleted by another server process changes how links render here too.
    // Every save touches `pages`, so the rendered HTML is dropped only when the set of slugs changed.
    dataVersion.onTableChanged('pages', () => this.refreshSlugs());
  }

  async render(markdown: string): Promise<string> {
    if (this.slugsStale) await this.reloadSlugs();
    const cached = this.cache.get(markdown);
    if (cached !== undefined) return cached;
    const slugs = await this.loadExistingSlugs();
    const html = renderMarkdown(markdown, { pageExists: (slug) => slugs.has(slug) });
    this.cache.set(markdown, html);
    return html;
  }

  /** Call after a page is created, renamed or deleted: links to it render differently now. */
  pagesChanged(): void {
    this.existingSlugs = null;
    this.cache.clear();
  }

  /** Marks the slugs as possibly changed; the next render reads them again (no query until then). */
  private refreshSlugs(): void {
    this.slugsStale = true;
  }

  /** Reads the slugs again; drops rendered HTML only if they differ from those it was rendered with. */
  private async reloadSlugs(): Promise<void> {
    this.slugsStale = false;
    const before = this.existingSlugs ? await this.existingSlugs.catch(() => null) : null;
    this.existingSlugs = null;
    const after = await this.loadExistingSlugs();
    if (!before || before.size !== after.size || [...after].some((slug) => !before.has(slug))) this.cache.clear();
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
