import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { byKey } from '../graphql/request-context';
import { ThreadListPage, ThreadSort } from './posting.models';
import { Thread } from './thread.entity';

/** A page's full thread list, paginated and sortable. */
@Injectable()
export class ThreadListService {
  constructor(@InjectRepository(Thread) private readonly threads: Repository<Thread>) {}

  /** One page of a page's threads (pinned first, hidden ones left out), newest activity or most valuable first (by page number: the lists are short). */
  async pageThreads(pageId: number, sort: ThreadSort, pageNumber: number, perPage: number): Promise<ThreadListPage> {
    const order =
      sort === ThreadSort.Valuable
        ? 't.pinned_at IS NULL, coalesce(v.count, 0) DESC, coalesce(r.last, t.created_at) DESC, t.id DESC'
        : 't.pinned_at IS NULL, coalesce(r.last, t.created_at) DESC, t.id DESC';
    const [ordered, totalCount] = await Promise.all([
      this.threads.query(
        `SELECT t.id FROM threads t
         LEFT JOIN LATERAL (SELECT max(created_at) AS last FROM replies WHERE thread_id = t.id) r ON true
         LEFT JOIN LATERAL (SELECT count(*) AS count FROM valuable_votes WHERE thread_id = t.id AND value) v ON true
         WHERE t.page_id = $1 AND t.hidden_at IS NULL
         ORDER BY ${order}
         LIMIT $2 OFFSET $3`,
        [pageId, perPage, (pageNumber - 1) * perPage],
      ) as Promise<{ id: number }[]>,
      this.threads.countBy({ pageId, hiddenAt: IsNull() }),
    ]);
    const ids = ordered.map((row) => row.id);
    const found = ids.length ? byKey(ids, await this.threads.findBy({ id: In(ids) }), (thread) => thread.id) : [];
    return {
      totalCount,
      pageNumber,
      perPage,
      pageCount: Math.max(1, Math.ceil(totalCount / perPage)),
      threads: found.filter((thread): thread is Thread => thread !== null),
    };
  }
}
