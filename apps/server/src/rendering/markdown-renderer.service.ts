import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { renderMarkdown } from '@commonplace/markdown';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';

/**
 * The server's one path from user markdown to sanitised HTML (the shared `@commonplace/markdown`
 * library), with a cache: the same text renders the same way until the set of pages changes,
 * because wiki links show whether their target exists.
 */
@Injectable()
export class MarkdownRenderer {
  private readonly cache = new LRUCache<string, string>({ max: 5000, maxSize: 50_000_000, sizeCalculation: (html, text) => html.length + text.length });
  private existingSlugs: Promise<Set<string>> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async render(markdown: string): Promise<string> {
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

  private loadExistingSlugs(): Promise<Set<string>> {
    this.existingSlugs ??= this.dataSource
      .query<{ slug: string }[]>('SELECT slug FROM pages')
      .then((rows) => new Set(rows.map((row) => row.slug)));
    return this.existingSlugs;
  }
}
