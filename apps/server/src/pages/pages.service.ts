import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { splitPageBody } from '@commonplace/markdown';
import { compareWords, countWords, type WordComparison } from '@commonplace/word-diff';
import { In, IsNull, Repository } from 'typeorm';
import { PageRedirect } from './page-redirect.entity';
import { DiffPartKind, RevisionComparison } from './revision-comparison.model';
import { byKey } from '../graphql/request-context';
import { MarkdownRenderer } from '../rendering/markdown-renderer.service';
import { Change } from './change.entity';
import { PagePart, PagePartKind } from './page-part.model';
import { Page } from './page.entity';
import { Revision } from './revision.entity';
import { recommendationsPageId } from '../recommendations/recommendations-page';

@Injectable()
export class PagesService {
  /** Recent comparisons by revision pair, least recently used first (a Map keeps insertion order). */
  private static readonly COMPARISONS_KEPT = 200;
  private readonly comparisons = new Map<string, WordComparison>();

  constructor(
    private readonly renderer: MarkdownRenderer,
    @InjectRepository(Page) private readonly pages: Repository<Page>,
    @InjectRepository(Revision) private readonly revisions: Repository<Revision>,
    @InjectRepository(Change) private readonly changes: Repository<Change>,
    @InjectRepository(PageRedirect) private readonly redirects: Repository<PageRedirect>,
  ) {}

  /** The page with this slug, or the page that had it before a rename (the caller redirects). */
  async findBySlug(slug: string): Promise<Page | null> {
    const page = await this.pages.findOneBy({ slug });
    if (page) return page;
    const redirect = await this.redirects.findOneBy({ slug });
    return redirect ? this.pages.findOneBy({ id: redirect.pageId }) : null;
  }

  listFeatured(): Promise<Page[]> {
    return this.pages.find({ where: { featured: true, deletedAt: IsNull() }, order: { title: 'ASC' } });
  }

  /** Pages whose current text links here, by this page's slug or an old one ("Links to this page"), for DataLoader. */
  async backlinksByPageIds(pageIds: readonly number[]): Promise<Page[][]> {
    const rows: { target_id: number; source_id: number }[] = await this.pages.query(
      `WITH targets AS (
         SELECT id AS page_id, slug FROM pages WHERE id = ANY ($1)
         UNION ALL SELECT page_id, slug FROM page_redirects WHERE page_id = ANY ($1)
       )
       SELECT DISTINCT t.page_id AS target_id, l.from_page_id AS source_id
       FROM targets t JOIN page_links l ON l.to_slug = t.slug
       WHERE l.from_page_id <> t.page_id`,
      [pageIds],
    );
    const sources = rows.length ? await this.pages.find({ where: { id: In(rows.map((row) => row.source_id)), deletedAt: IsNull() }, order: { title: 'ASC' } }) : [];
    return pageIds.map((id) => {
      const linking = new Set(rows.filter((row) => row.target_id === id).map((row) => row.source_id));
      return sources.filter((page) => linking.has(page.id));
    });
  }

  /** For each revision, the one saved just before it on the same page (for "view changes"), for DataLoader. */
  async previousRevisionIds(ids: readonly number[]): Promise<(number | null)[]> {
    const rows: { id: number; previous: number | null }[] = await this.revisions.query(
      `SELECT r.id, (SELECT max(p.id) FROM revisions p WHERE p.page_id = r.page_id AND p.id < r.id) AS previous
       FROM revisions r WHERE r.id = ANY ($1)`,
      [ids],
    );
    const previous = new Map(rows.map((row) => [row.id, row.previous]));
    return ids.map((id) => previous.get(id) ?? null);
  }

  /** The page that shows the recommendation areas, if any. */
  recommendationsPageId(): Promise<number | null> {
    return recommendationsPageId(this.pages.manager);
  }

  findRevision(id: number): Promise<Revision | null> {
    return this.revisions.findOneBy({ id });
  }

  /**
   * Two revisions of the same page, word by word; null when either is missing, they belong to
   * different pages, or not to `pageId` when it is given (checked before any diffing, so a
   * comparison asked for under another page's address costs nothing).
   */
  async compareRevisions(fromId: number, toId: number, pageId?: number): Promise<RevisionComparison | null> {
    const found = await this.revisions.findBy({ id: In([fromId, toId]) });
    const from = found.find((revision) => revision.id === fromId);
    const to = found.find((revision) => revision.id === toId);
    if (!from || !to || from.pageId !== to.pageId || (pageId !== undefined && from.pageId !== pageId)) return null;
    // A revision's text never changes, so a pair's comparison can be kept: asking again for it
    // (under any address) costs a lookup, not another diff.
    const key = `${fromId}:${toId}`;
    let compared = this.comparisons.get(key);
    if (compared) this.comparisons.delete(key);
    else compared = compareWords(from.body, to.body);
    this.comparisons.set(key, compared);
    if (this.comparisons.size > PagesService.COMPARISONS_KEPT) this.comparisons.delete(this.comparisons.keys().next().value!);
    const { parts, wordByWord } = compared;
    let wordsAdded = 0;
    let wordsRemoved = 0;
    for (const part of parts) {
      if (part.kind === 'added') wordsAdded += countWords(part.text);
      else if (part.kind === 'removed') wordsRemoved += countWords(part.text);
    }
    return { from, to, parts: parts.map((part) => ({ kind: part.kind as DiffPartKind, text: part.text })), wordsAdded, wordsRemoved, wordByWord };
  }

  async pagesByIds(ids: readonly number[]): Promise<(Page | null)[]> {
    return byKey(ids, await this.pages.findBy({ id: In([...ids]) }), (page) => page.id);
  }

  async revisionsByIds(ids: readonly number[]): Promise<(Revision | null)[]> {
    return byKey(ids, await this.revisions.findBy({ id: In([...ids]) }), (revision) => revision.id);
  }

  recentRevisionsBy(authorId: number, limit: number): Promise<Revision[]> {
    return this.revisions.find({ where: { authorId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** The newest change of each page: the "Latest page update" line. */
  async latestChangesByPageIds(pageIds: readonly number[]): Promise<(Change | null)[]> {
    const rows = await this.changes
      .createQueryBuilder('change')
      .distinctOn(['change.page_id'])
      .where('change.page_id IN (:...pageIds)', { pageIds })
      .orderBy('change.page_id')
      .addOrderBy('change.created_at', 'DESC')
      .addOrderBy('change.id', 'DESC')
      .getMany();
    return byKey(pageIds, rows, (change) => change.pageId!);
  }

  /** The revision's text as parts: sanitised HTML, and where the recommendation areas go. */
  renderRevision(revision: Revision): Promise<PagePart[]> {
    return Promise.all(
      splitPageBody(revision.body).map(async (part) =>
        part.kind === 'recommendations'
          ? { kind: PagePartKind.Recommendations, html: null }
          : { kind: PagePartKind.Html, html: await this.renderer.render(part.markdown) },
      ),
    );
  }
}
