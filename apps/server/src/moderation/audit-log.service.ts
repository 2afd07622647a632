import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { positionCursor, readPositionCursor, refusedCursor } from '../common/connection';
import { AuditEntry } from './audit-entry.entity';
import { AuditEntryConnection } from './audit-log.models';

export const DEFAULT_AUDIT_ENTRIES = 50;
export const MAX_AUDIT_ENTRIES = 100;

/** Reading the audit log (moderators only): newest first, by keyset cursor on (created_at, id). */
@Injectable()
export class AuditLogService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async auditLog(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined): Promise<AuditEntryConnection> {
    assertAccess(viewer, Access.Moderator);
    const cursor = after ? readPositionCursor(after) : null;
    if (after && !cursor) {
      throw refusedCursor('after');
    }
    const size = Math.min(Math.max(first ?? DEFAULT_AUDIT_ENTRIES, 1), MAX_AUDIT_ENTRIES);
    const rows = this.entries.createQueryBuilder('entry').orderBy('entry.created_at', 'DESC').addOrderBy('entry.id', 'DESC').limit(size + 1);
    if (cursor) rows.where('(entry.created_at, entry.id) < (:at::timestamptz, :id::int)', { at: cursor.createdAt.toISOString(), id: cursor.id });
    const [found, total] = await Promise.all([rows.getMany(), this.entries.count()]);
    const nodes = found.slice(0, size);
    return {
      edges: nodes.map((node) => ({ cursor: positionCursor(node), node })),
      pageInfo: {
        hasNextPage: found.length > size,
        hasPreviousPage: cursor !== null,
        startCursor: nodes.length > 0 ? positionCursor(nodes[0]) : null,
        endCursor: nodes.length > 0 ? positionCursor(nodes[nodes.length - 1]) : null,
      },
      totalCount: total,
    };
  }

  /**
   * Where each audited thing can be seen (`area:3` → `/areas/<slug>`), for the log's links; null
   * for what has no page of its own (a star, a person). One statement for any number of entries.
   */
  async subjectPaths(keys: readonly string[]): Promise<(string | null)[]> {
    const ids = (type: string) => keys.filter((key) => key.startsWith(`${type}:`)).map((key) => Number(key.slice(type.length + 1)));
    const rows: { key: string; path: string }[] = await this.entries.manager.query(
      `SELECT 'area:' || id AS key, '/areas/' || slug AS path FROM areas WHERE id = ANY($1::int[])
       UNION ALL SELECT 'page:' || id, '/wiki/' || slug FROM pages WHERE id = ANY($2::int[])
       UNION ALL SELECT 'reply:' || id, '/threads/' || thread_id || '#reply-' || id FROM replies WHERE id = ANY($3::int[])`,
      [ids('area'), ids('page'), ids('reply')],
    );
    const found = new Map(rows.map((row) => [row.key, row.path]));
    return keys.map((key) => {
      const [type, id] = key.split(':');
      if (type === 'recommendation') return `/recommendations/${id}`;
      if (type === 'thread') return `/threads/${id}`;
      return found.get(key) ?? null;
    });
  }
}
