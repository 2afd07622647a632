import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { splitPageBody } from '@commonplace/markdown';
import { compareWords, countWords, type WordComparison } from '@commonplace/word-diff';
import { DataSource, In, IsNull, Repository } from 'typeorm';
import { User } from '../accounts/user.entity';
import { entityFrom, jsonOf, optionalEntityFrom } from '../database/rows';
import { preparedStatements } from '../database/prepared-statement';
import { DataVersion } from '../database/data-version.service';
import { KeptRead } from '../database/kept-read';
import { Area } from '../recommendations/area.entity';
import { Recommendation, RecommendationStatus } from '../recommendations/recommendation.entity';
import { Star } from '../recommendations/star.entity';
import { RevisionComparison } from './revision-comparison.model';
import { DiffPartKind } from '../common/diff-part.model';
import { byKey } from '../graphql/request-context';
import { MarkdownRenderer } from '../rendering/markdown-renderer.service';
import { Change } from '../changes/change.entity';
import { PagePart, PagePartKind } from './page-part.model';
import { Page } from './page.entity';
import { Revision } from './revision.entity';
import { recommendationsPageId } from '../recommendations/recommendations-page';

/** A revision as a list shows it: everything but its text (history and "Latest page update" need no text). */
export type RevisionWithoutText = Omit<Revision, 'body'> & { body?: undefined };
export type RevisionRead = Revision | RevisionWithoutText;

/** What a page's view shows beside the page row, to be read with it in the same statement. */
export interface PageReadParts {
  /** The current revision with its text and author (for the rendered text). */
  text: boolean;
  latestChange: boolean;
  backlinks: boolean;
  /** Whether this person watches the page; null when nobody is signed in or it is not asked for. */
  watchingFor: number | null;
}

/** A page and what its view shows beside it, from one statement; parts not asked for are undefined. */
export interface PageRead {
  page: Page;
  area: Area | null;
  deletedBy: User | null;
  currentRevision?: Revision | null;
  currentRevisionAuthor?: User | null;
  latestChange?: { change: Change; actor: User | null; revision: RevisionWithoutText | null; previousRevisionId: number | null } | null;
  backlinks?: Page[];
  watching?: boolean;
}

/** The recommendation areas as a page shows them: each area's active recommendations, their stars and who gave them. */
export interface AreaRead {
  area: Area;
  recommendations: { recommendation: Recommendation; stars: { star: Star; user: User | null }[] }[];
}

interface PageReadRow {
  page: Record<string, unknown>;
  area: Record<string, unknown> | null;
  deleted_by: Record<string, unknown> | null;
  current_revision?: Record<string, unknown> | null;
  current_revision_author?: Record<string, unknown> | null;
  latest_change?: Record<string, unknown> | null;
  latest_change_actor?: Record<string, unknown> | null;
  latest_change_revision?: Record<string, unknown> | null;
  previous_revision_id?: number | null;
  backlinks?: Record<string, unknown>[];
  watching?: boolean;
}

// Every page view runs these (read cache off, or after a change): prepared, so PostgreSQL parses
// and plans them once per connection rather than on every view (prepared-statement.ts).
const READ_BY_SLUG = preparedStatements('pages:read-by-slug');
const AREAS_SHOWN = preparedStatements('pages:areas-shown');

@Injectable()
export class PagesService {
  /** Recent comparisons by revision pair, least recently used first (a Map keeps insertion order). */
  private static readonly COMPARISONS_KEPT = 200;
  private readonly comparisons = new Map<string, WordComparison>();
  /**
   * The areas the featured page lists, kept until an area, recommendation, star or person changes:
   * the largest read of a page view (a third of its database time), and the same after an edit of
   * the page's text, which changes none of it.
   */
  private readonly areasShown: KeptRead<AreaRead[]>;

  constructor(
    private readonly renderer: MarkdownRenderer,
    @InjectRepository(Page) private readonly pages: Repository<Page>,
    @InjectRepository(Revision) private readonly revisions: Repository<Revision>,
    @InjectRepository(Change) private readonly changes: Repository<Change>,
    @InjectDataSource() private readonly dataSource: DataSource,
    dataVersion: DataVersion,
  ) {
    this.areasShown = new KeptRead(dataVersion, ['areas', 'recommendations', 'stars', 'users'], () => this.readAreasShown());
  }

  /**
   * The page with this slug (or the one that had it before a rename), with what its view shows
   * beside it, in one statement: its area, who deleted it, and as asked its current revision and
   * author, its latest change (actor, revision without text), its backlinks and the viewer's watch.
   */
  async readBySlug(slug: string, parts: PageReadParts): Promise<PageRead | null> {
    const db = this.dataSource;
    const columns = [
      `${jsonOf(db, Page, 'p')} AS page`,
      `${jsonOf(db, Area, 'a')} AS area`,
      `${jsonOf(db, User, 'deleter')} AS deleted_by`,
    ];
    const joins = ['LEFT JOIN areas a ON a.id = p.area_id', 'LEFT JOIN users deleter ON deleter.id = p.deleted_by_id'];
    if (parts.text) {
      columns.push(`${jsonOf(db, Revision, 'r')} AS current_revision`, `${jsonOf(db, User, 'author')} AS current_revision_author`);
      joins.push('LEFT JOIN revisions r ON r.id = p.current_revision_id', 'LEFT JOIN users author ON author.id = r.author_id');
    }
    if (parts.latestChange) {
      columns.push(
        `${jsonOf(db, Change, 'c')} AS latest_change`,
        `${jsonOf(db, User, 'actor')} AS latest_change_actor`,
        `${jsonOf(db, Revision, 'cr', ['body'])} AS latest_change_revision`,
        '(SELECT max(earlier.id) FROM revisions earlier WHERE earlier.page_id = cr.page_id AND earlier.id < cr.id) AS previous_revision_id',
      );
      joins.push(
        'LEFT JOIN LATERAL (SELECT * FROM changes WHERE page_id = p.id ORDER BY created_at DESC, id DESC LIMIT 1) c ON true',
        'LEFT JOIN users actor ON actor.id = c.actor_id',
        'LEFT JOIN revisions cr ON cr.id = c.revision_id',
      );
    }
    // Pages whose current text links here by this page's slug or an old one, as backlinksByPageIds reads them.
    if (parts.backlinks) {
      columns.push(`(SELECT coalesce(jsonb_agg(${jsonOf(db, Page, 'source')} ORDER BY source.title), '[]') FROM pages source
         WHERE source.deleted_at IS NULL AND source.id <> p.id AND source.id IN (
           SELECT l.from_page_id FROM page_links l
           WHERE l.to_slug = p.slug OR l.to_slug IN (SELECT old.slug FROM page_redirects old WHERE old.page_id = p.id))) AS backlinks`);
    }
    const parameters: unknown[] = [slug];
    if (parts.watchingFor !== null) {
      parameters.push(parts.watchingFor);
      columns.push('EXISTS (SELECT 1 FROM watches w WHERE w.user_id = $2 AND w.page_id = p.id) AS watching');
    }
    const [row]: PageReadRow[] = await db.query(
      READ_BY_SLUG(`SELECT ${columns.join(',\n')}
       FROM (SELECT * FROM (SELECT 0 AS preference, id FROM pages WHERE slug = $1
                            UNION ALL SELECT 1, page_id FROM page_redirects WHERE slug = $1) found
             ORDER BY preference LIMIT 1) found
       JOIN pages p ON p.id = found.id
       ${joins.join('\n')}`),
      parameters,
    );
    if (!row) return null;
    const read: PageRead = {
      page: entityFrom(db, Page, row.page),
      area: optionalEntityFrom(db, Area, row.area),
      deletedBy: optionalEntityFrom(db, User, row.deleted_by),
    };
    if (parts.text) {
      read.currentRevision = optionalEntityFrom(db, Revision, row.current_revision ?? null);
      read.currentRevisionAuthor = optionalEntityFrom(db, User, row.current_revision_author ?? null);
    }
    if (parts.latestChange) {
      read.latestChange = row.latest_change
        ? {
            change: entityFrom(db, Change, row.latest_change),
            actor: optionalEntityFrom(db, User, row.latest_change_actor ?? null),
            revision: optionalEntityFrom(db, Revision, row.latest_change_revision ?? null) as RevisionWithoutText | null,
            previousRevisionId: row.previous_revision_id ?? null,
          }
        : null;
    }
    if (parts.backlinks) read.backlinks = (row.backlinks ?? []).map((json) => entityFrom(db, Page, json));
    if (parts.watchingFor !== null) read.watching = row.watching ?? false;
    return read;
  }

  /**
   * The areas a page that shows recommendations lists, in order, with their active recommendations
   * (by position), each one's stars (oldest first) and the people who gave them: one statement,
   * kept until one of them changes. Shared between requests: not to be changed by callers.
   */
  recommendationAreasShown(): Promise<readonly AreaRead[]> {
    return this.areasShown.get();
  }

  private async readAreasShown(): Promise<AreaRead[]> {
    const db = this.dataSource;
    const rows: { area: Record<string, unknown>; recommendations: { recommendation: Record<string, unknown>; stars: { star: Record<string, unknown>; user: Record<string, unknown> | null }[] }[] }[] =
      await db.query(
        AREAS_SHOWN(`SELECT ${jsonOf(db, Area, 'a')} AS area,
                (SELECT coalesce(jsonb_agg(jsonb_build_object(
                          'recommendation', ${jsonOf(db, Recommendation, 'rec')},
                          'stars', (SELECT coalesce(jsonb_agg(jsonb_build_object('star', ${jsonOf(db, Star, 's')}, 'user', ${jsonOf(db, User, 'u')}) ORDER BY s.created_at, s.id), '[]')
                                    FROM stars s LEFT JOIN users u ON u.id = s.user_id WHERE s.recommendation_id = rec.id)
                        ) ORDER BY rec.position, rec.id), '[]')
                 FROM recommendations rec WHERE rec.area_id = a.id AND rec.status = $1) AS recommendations
         FROM areas a WHERE a.archived_at IS NULL
         ORDER BY a.position, a.id`),
        [RecommendationStatus.Active],
      );
    return rows.map((row) => ({
      area: entityFrom(db, Area, row.area),
      recommendations: row.recommendations.map((item) => ({
        recommendation: entityFrom(db, Recommendation, item.recommendation),
        stars: item.stars.map((star) => ({ star: entityFrom(db, Star, star.star), user: optionalEntityFrom(db, User, star.user) })),
      })),
    }));
  }

  /** Revisions' markdown, for those read without it, for DataLoader. */
  async revisionTextsByIds(ids: readonly number[]): Promise<(string | null)[]> {
    const rows: { id: number; body: string }[] = await this.dataSource.query('SELECT id, body FROM revisions WHERE id = ANY ($1)', [[...ids]]);
    return byKey(ids, rows, (row) => row.id).map((row) => row?.body ?? null);
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

  async revisionsByIds(ids: readonly number[]): Promise<(RevisionRead | null)[]> {
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
  renderRevision(body: string): Promise<PagePart[]> {
    return Promise.all(
      splitPageBody(body).map(async (part) =>
        part.kind === 'recommendations'
          ? { kind: PagePartKind.Recommendations, html: null }
          : { kind: PagePartKind.Html, html: await this.renderer.render(part.markdown) },
      ),
    );
  }
}
