import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  actorId: number;
  /** "<subject>.<verb>", e.g. recommendation.moved */
  action: string;
  subjectType: 'area' | 'recommendation' | 'star' | 'page' | 'thread' | 'reply' | 'user' | 'file';
  subjectId: number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string;
}

/**
 * Writes audit entries. Always inside the transaction of the act itself (pass its EntityManager),
 * so an act and its entry are committed together or not at all.
 */
@Injectable()
export class AuditService {
  async record(db: EntityManager, entry: AuditRecord): Promise<void> {
    await db.save(
      db.create(AuditEntry, {
        actorId: entry.actorId,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        before: entry.before ?? null,
        after: entry.after ?? null,
        reason: entry.reason?.trim() ?? '',
      }),
    );
  }
}
