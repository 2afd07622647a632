import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { splitPageBody } from '@commonplace/markdown';
import { In, Repository } from 'typeorm';
import { byKey } from '../graphql/request-context';
import { MarkdownRenderer } from '../rendering/markdown-renderer.service';
import { Change } from './change.entity';
import { PagePart, PagePartKind } from './page-part.model';
import { Page } from './page.entity';
import { Revision } from './revision.entity';

@Injectable()
export class PagesService {
  constructor(
    private readonly renderer: MarkdownRenderer,
    @InjectRepository(Page) private readonly pages: Repository<Page>,
    @InjectRepository(Revision) private readonly revisions: Repository<Revision>,
    @InjectRepository(Change) private readonly changes: Repository<Change>,
  ) {}

  findBySlug(slug: string): Promise<Page | null> {
    return this.pages.findOneBy({ slug });
  }

  listFeatured(): Promise<Page[]> {
    return this.pages.find({ where: { featured: true }, order: { title: 'ASC' } });
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
