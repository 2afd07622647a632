import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { User } from '../accounts/user.entity';
import { positionCursor, readPositionCursor, refusedCursor } from '../common/connection';
import { preparedStatements } from '../database/prepared-statement';
import { entityFrom, jsonOf, optionalEntityFrom } from '../database/rows';
import { Change, ChangeKind } from './change.entity';
import type { RevisionWithoutText } from '../pages/pages.service';
import { Revision } from '../pages/revision.entity';
import { ChangeConnection } from './change-connection.model';

/** The slice's statement, one text per combination of filters and direction (see recentChanges). */
const RECENT_CHANGES = preparedStatements('changes:recent');

/** A slice of the changes table is never longer than this. */
export const MAX_CHANGES = 100;
export const DEFAULT_CHANGES = 50;

export interface RecentChangesQuery {
  /** Forward: up to this many changes after `after` (older ones). */
  first?: number | null;
  after?: string | null;
  /** Backward: up to this many changes before `before` (newer ones), for a "Newer" link. */
  last?: number | null;
  before?: string | null;
  /** Only changes made by this person (compared without regard to case). */
  username?: string | null;
  kind?: ChangeKind | null;
  /** Only changes to the page that has this slug now (a page's history feed). */
  pageSlug?: string | null;
  /** Only changes to this page (its history). */
  pageId?: number | null;
  /** Only changes about this recommendation (its history). */
  recommendationId?: number | null;
}

/**
 * Every row of the changes table, newest first: recent changes across the wiki, or one page's
 * history, filtered by person, kind or page, paginated by keyset on (created_at DESC, id DESC), which the indexes
 * changes_recent_idx, changes_actor_idx and changes_page_idx serve.
 */
@Injectable()
export class RecentChangesService {
  constructor(@InjectRepository(Change) private readonly changes: Repository<Change>) {}

  async recentChanges(query: RecentChangesQuery): Promise<ChangeConnection> {
    // Relay: `last`/`before` page backwards; otherwise forwards.
    const backward = query.before != null || query.last != null;
    const cursorText = backward ? query.before : query.after;
    const cursor = cursorText ? readPositionCursor(cursorText) : null;
    if (cursorText && !cursor) throw refusedCursor(backward ? 'before' : 'after');
    const size = Math.min(Math.max((backward ? query.last ?? query.first : query.first) ?? DEFAULT_CHANGES, 1), MAX_CHANGES);

    const rows = this.filtered(query);
    // Forwards we want rows below the cursor in (created_at DESC, id DESC) order; backwards, above it.
    if (cursor) rows.andWhere(`(change.created_at, change.id) ${backward ? '>' : '<'} ${CURSOR_POSITION}`, cursorParameters(cursor));
    const direction = backward ? 'ASC' : 'DESC';
    rows.orderBy('change.created_at', direction).addOrderBy('change.id', direction);

    // The whole list's size, and whether anything lies on the far side of the cursor (for the other
    // direction's link), in one aggregate over the same filters.
    const stats = this.filtered(query).select(
      `jsonb_build_object('total', count(*)${cursor ? `, 'beyond', coalesce(bool_or((change.created_at, change.id) ${backward ? '<=' : '>='} ${CURSOR_POSITION}), false)` : ''})`,
      'stats',
    );
    if (cursor) stats.setParameters(cursorParameters(cursor));

    // One statement: the slice, each change's person and revision (without its text: lists show
    // only its word counts), and the stats beside every row, as typed rows (rows.ts) rather than
    // through TypeORM's entity mapping, and prepared: a page's history, the recent changes and each
    // filter have texts of their own, parsed and planned once per connection. Only an empty slice
    // needs the stats on their own.
    const db = this.changes.manager.connection;
    rows
      .select(jsonOf(db, Change, 'change'), 'change_json')
      .leftJoin('users', 'actor', 'actor.id = change.actor_id')
      .leftJoin('revisions', 'revision', 'revision.id = change.revision_id')
      .addSelect(jsonOf(db, User, 'actor'), 'actor_json')
      .addSelect(jsonOf(db, Revision, 'revision', ['body']), 'revision_json')
      .addSelect(`(${stats.getQuery()})`, 'stats_json');
    rows.setParameters(stats.getParameters());
    const [sliceQuery, parameters] = rows.getQueryAndParameters();
    // The size as a parameter (TypeORM writes LIMIT into the text), so one text serves every size.
    const text = `${sliceQuery} LIMIT $${parameters.length + 1}`;
    parameters.push(size + 1);
    const raw: { change_json: Record<string, unknown>; actor_json: Record<string, unknown> | null; revision_json: Record<string, unknown> | null; stats_json: { total: number; beyond?: boolean } }[] = await db.query(
      RECENT_CHANGES(text),
      parameters,
    );
    const found = raw.map((row) => entityFrom(db, Change, row.change_json));
    const counted = raw[0]?.stats_json ?? (cursor ? (await stats.getRawOne<{ stats: { total: number; beyond?: boolean } }>())?.stats : { total: 0 });
    const users = raw.map((row) => optionalEntityFrom(db, User, row.actor_json)).filter((user): user is User => user !== null);
    const revisions = raw.map((row) => optionalEntityFrom(db, Revision, row.revision_json) as RevisionWithoutText | null).filter((revision): revision is RevisionWithoutText => revision !== null);
    const more = found.length > size;
    const nodes = found.slice(0, size);
    if (backward) nodes.reverse();
    const beyond = Boolean(counted?.beyond);
    return {
      edges: nodes.map((node) => ({ cursor: positionCursor(node), node })),
      pageInfo: {
        hasNextPage: backward ? beyond : more,
        hasPreviousPage: backward ? more : beyond,
        startCursor: nodes.length > 0 ? positionCursor(nodes[0]) : null,
        endCursor: nodes.length > 0 ? positionCursor(nodes[nodes.length - 1]) : null,
      },
      totalCount: counted?.total ?? 0,
      read: { users, revisions },
    };
  }

  private filtered(query: RecentChangesQuery): SelectQueryBuilder<Change> {
    const builder = this.changes.createQueryBuilder('change').where('true');
    // An unknown username or slug makes the subquery NULL, so nothing matches: an empty list, not an error.
    if (query.username) builder.andWhere('change.actor_id = (SELECT u.id FROM users u WHERE lower(u.username) = lower(:username))', { username: query.username });
    if (query.kind) builder.andWhere('change.kind = :kind', { kind: query.kind });
    if (query.pageId) builder.andWhere('change.page_id = :pageId', { pageId: query.pageId });
    // A change about several recommendations at once (davemiller's six stars) names them only in its details.
    if (query.recommendationId) {
      builder.andWhere(
        `(change.recommendation_id = :recommendationId OR (change.recommendation_id IS NULL AND change.details -> 'recommendationIds' @> to_jsonb(:recommendationId::int)))`,
        { recommendationId: query.recommendationId },
      );
    }
    if (query.pageSlug) builder.andWhere('change.page_id = (SELECT p.id FROM pages p WHERE p.slug = :pageSlug)', { pageSlug: query.pageSlug });
    return builder;
  }
}

/**
 * Where a cursor points. Cursors carry milliseconds but created_at keeps microseconds, so the exact
 * time is read back from the row the cursor names (when it still exists and matches); otherwise
 * two changes within one millisecond could be skipped or shown twice across pages. (Only when that
 * row has been deleted since does the millisecond stand in, and its millisecond-mates may be skipped.)
 */
const CURSOR_POSITION = `(coalesce(
  (SELECT exact.created_at FROM changes exact WHERE exact.id = :cursorId AND date_trunc('milliseconds', exact.created_at) = :cursorAt::timestamptz),
  :cursorAt::timestamptz
), :cursorId::int)`;

function cursorParameters(cursor: { createdAt: Date; id: number }): { cursorAt: string; cursorId: number } {
  return { cursorAt: cursor.createdAt.toISOString(), cursorId: cursor.id };
}
