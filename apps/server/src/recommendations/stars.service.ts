import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Access, assertAccess } from '../accounts/access';
import type { Viewer } from '../accounts/sessions.service';
import { User } from '../accounts/user.entity';
import { AuditService } from '../moderation/audit.service';
import { Change, ChangeKind } from '../changes/change.entity';
import { LiveEvents } from '../realtime/live-events.service';
import { Recommendation, RecommendationStatus } from './recommendation.entity';
import { Star } from './star.entity';
import { MarkRealisticInput, RemoveStarInput, StarPayload, starFailure, WithdrawStarInput } from './stars.models';
import { starReasonProblem, starRemovalReasonProblem } from './curation-rules';
import { recommendationsPageId } from './recommendations-page';

const UNIQUE_VIOLATION = '23505';

/**
 * Marks as a "simple, realistic mechanism": made with a reason by anyone signed in, withdrawn by
 * their maker, removed with a logged reason by a moderator. Each act is one transaction that writes
 * the star (or deletes it) and the change the recommendation's history and the page that shows the
 * recommendations list; a moderator's removal writes an audit entry as well.
 */
@Injectable()
export class StarsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
  ) {}

  async markRealistic(input: MarkRealisticInput, viewer: Viewer | null): Promise<StarPayload> {
    assertAccess(viewer, Access.SignedIn);
    const reason = input.reason.trim();
    const problem = starReasonProblem(reason);
    if (problem) return starFailure(problem.field, problem.code, problem.message);
    const userId = viewer!.user.id;
    try {
      return await this.announced(this.dataSource.transaction(async (db): Promise<StarPayload> => {
        const recommendation = await this.lockRecommendation(db, input.recommendationId);
        const refusal = recommendation ? this.notOpen(recommendation) : starFailure(null, 'RECOMMENDATION_NOT_FOUND', 'There is no such recommendation');
        if (refusal) return refusal;
        if (await db.existsBy(Star, { recommendationId: recommendation!.id, userId })) return starExists();
        const star = await db.save(db.create(Star, { recommendationId: recommendation!.id, userId, reason }));
        await this.recordChange(db, recommendation!, ChangeKind.Stars, userId, reason, {});
        return { recommendation, star, errors: [] };
      }));
    } catch (error) {
      // Two marks sent at once by one person: the second meets the unique index.
      if (error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === UNIQUE_VIOLATION) return starExists();
      throw error;
    }
  }

  async withdrawStar(input: WithdrawStarInput, viewer: Viewer | null): Promise<StarPayload> {
    assertAccess(viewer, Access.SignedIn);
    const user = viewer!.user;
    return this.announced(this.dataSource.transaction(async (db): Promise<StarPayload> => {
      const recommendation = await this.lockRecommendation(db, input.recommendationId);
      if (!recommendation) return starFailure(null, 'RECOMMENDATION_NOT_FOUND', 'There is no such recommendation');
      const star = await db.findOneBy(Star, { recommendationId: recommendation.id, userId: user.id });
      if (!star) return starFailure(null, 'NO_STAR', 'You have not marked this recommendation as a realistic mechanism');
      await db.delete(Star, { id: star.id });
      await this.recordChange(db, recommendation, ChangeKind.StarWithdrawn, user.id, '', { starOwnerUsername: user.username });
      return { recommendation, star: null, errors: [] };
    }));
  }

  async removeStar(input: RemoveStarInput, viewer: Viewer | null): Promise<StarPayload> {
    assertAccess(viewer, Access.Moderator);
    const reason = input.reason.trim();
    const problem = starRemovalReasonProblem(reason);
    if (problem) return starFailure(problem.field, problem.code, problem.message);
    return this.announced(this.dataSource.transaction(async (db): Promise<StarPayload> => {
      const found = await db.findOneBy(Star, { id: input.starId });
      if (!found) return starFailure(null, 'STAR_NOT_FOUND', 'That mark has already been removed or withdrawn');
      const recommendation = (await this.lockRecommendation(db, found.recommendationId))!;
      // Read again under the recommendation's lock: its maker may have withdrawn it meanwhile.
      const star = await db.findOneBy(Star, { id: input.starId });
      if (!star) return starFailure(null, 'STAR_NOT_FOUND', 'That mark has already been removed or withdrawn');
      const owner = await db.findOneByOrFail(User, { id: star.userId });
      await db.delete(Star, { id: star.id });
      await this.recordChange(db, recommendation, ChangeKind.StarRemoved, viewer!.user.id, reason, { starOwnerUsername: owner.username });
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: 'star.removed',
        subjectType: 'star',
        subjectId: star.id,
        before: { recommendationId: recommendation.id, username: owner.username, reason: star.reason },
        reason,
      });
      return { recommendation, star: null, errors: [] };
    }));
  }

  /** Live event, after the commit: the recommendation's new count, to its page and area rooms. */
  private async announced(change: Promise<StarPayload>): Promise<StarPayload> {
    const payload = await change;
    if (payload.errors.length === 0 && payload.recommendation) this.live.starChanged(payload.recommendation.id);
    return payload;
  }

  private notOpen(recommendation: Recommendation): StarPayload | null {
    if (recommendation.status === RecommendationStatus.Merged) {
      return starFailure(null, 'RECOMMENDATION_MERGED', 'This recommendation was merged into another: mark that one instead');
    }
    if (recommendation.status === RecommendationStatus.Archived) {
      return starFailure(null, 'RECOMMENDATION_ARCHIVED', 'This recommendation is archived, so it cannot be marked');
    }
    return null;
  }

  /** The recommendation, locked until the transaction ends, so acts on one recommendation run one after another. */
  private lockRecommendation(db: EntityManager, id: number): Promise<Recommendation | null> {
    return db.getRepository(Recommendation).createQueryBuilder('recommendation').setLock('pessimistic_write').where('recommendation.id = :id', { id }).getOne();
  }

  /**
   * The change in the recommendation's history, and in the timeline of the page that shows the
   * recommendations (its history and "Latest page update"), when there is one and it shows this one.
   */
  private async recordChange(
    db: EntityManager,
    recommendation: Recommendation,
    kind: ChangeKind,
    actorId: number,
    note: string,
    details: { starOwnerUsername?: string },
  ): Promise<void> {
    // Only while the page shows the recommendation: not for one in an archived area, which no page lists.
    const [{ listed }]: { listed: boolean }[] = await db.query('SELECT EXISTS (SELECT 1 FROM areas WHERE id = $1 AND archived_at IS NULL) AS listed', [recommendation.areaId]);
    await db.insert(Change, {
      pageId: listed ? await recommendationsPageId(db) : null,
      kind,
      actorId,
      note,
      recommendationId: recommendation.id,
      areaId: recommendation.areaId,
      details: { recommendationIds: [recommendation.id], recommendationText: recommendation.text, ...details },
    });
  }
}

function starExists(): StarPayload {
  return starFailure(null, 'STAR_EXISTS', 'You have already marked this recommendation as a realistic mechanism');
}
