import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Thread } from '../discussions/thread.entity';
import { Page } from '../pages/page.entity';
import { TagCount, TagListing } from './tags.models';

/**
 * Keyword tags on pages (`pages.tags`) and threads (`threads.tags`). A deleted page, and the
 * threads on it, are left out everywhere, as they are from the rest of the wiki's lists.
 */
@Injectable()
export class TagsService {
  constructor(
    @InjectRepository(Page) private readonly pages: Repository<Page>,
    @InjectRepository(Thread) private readonly threads: Repository<Thread>,
  ) {}

  /** Every tag in use, alphabetically (ignoring case), with its page and thread counts. */
  async listTags(): Promise<TagCount[]> {
    // DISTINCT per item, so a tag listed twice on one page counts that page once.
    const rows: { name: string; pageCount: number; threadCount: number }[] = await this.pages.query(`
      WITH tagged AS (
        SELECT DISTINCT p.id, 'page' AS kind, tag FROM pages p, unnest(p.tags) AS tag WHERE p.deleted_at IS NULL
        UNION ALL
        SELECT DISTINCT t.id, 'thread', tag FROM threads t JOIN pages p ON p.id = t.page_id, unnest(t.tags) AS tag WHERE p.deleted_at IS NULL AND t.hidden_at IS NULL
      )
      SELECT tag AS "name",
             (count(*) FILTER (WHERE kind = 'page'))::int AS "pageCount",
             (count(*) FILTER (WHERE kind = 'thread'))::int AS "threadCount"
      FROM tagged
      WHERE tag <> ''
      GROUP BY tag
      ORDER BY lower(tag), tag
    `);
    return rows;
  }

  /** The pages and threads with exactly this tag; null when none has it. */
  async findTag(name: string): Promise<TagListing | null> {
    if (name === '') return null;
    const [pages, threads] = await Promise.all([
      this.pages
        .createQueryBuilder('page')
        .where('page.tags @> ARRAY[:name]::text[]', { name })
        .andWhere('page.deleted_at IS NULL')
        .orderBy('lower(page.title)')
        .addOrderBy('page.id')
        .getMany(),
      this.threads
        .createQueryBuilder('thread')
        .innerJoin(Page, 'page', 'page.id = thread.page_id')
        .where('thread.tags @> ARRAY[:name]::text[]', { name })
        .andWhere('page.deleted_at IS NULL')
        .andWhere('thread.hidden_at IS NULL')
        .orderBy('thread.created_at', 'DESC')
        .addOrderBy('thread.id', 'DESC')
        .getMany(),
    ]);
    return pages.length === 0 && threads.length === 0 ? null : { name, pages, threads };
  }
}
