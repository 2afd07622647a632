import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { slugify } from '@commonplace/markdown';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { Access, assertAccess } from '../accounts/access';
import type { UserError } from '../common/user-error';
import type { Viewer } from '../accounts/sessions.service';
import { AuditService } from '../moderation/audit.service';
import { Change, ChangeDetails, ChangeKind } from '../changes/change.entity';
import { Page } from '../pages/page.entity';
import { groupByKey } from '../graphql/request-context';
import { Area } from './area.entity';
import {
  AreaPayload,
  areaError,
  AreaReasonInput,
  CreateAreaInput,
  DescribeAreaInput,
  MarkRecommendationSeenInput,
  MergeRecommendationsInput,
  MoveAreaInput,
  MoveDirection,
  MoveRecommendationToAreaInput,
  ProposeRecommendationInput,
  RecommendationPayload,
  recommendationError,
  RecommendationReasonInput,
  RenameAreaInput,
  ReorderRecommendationInput,
  RewordRecommendationInput,
} from './curation.models';
import { Recommendation, RecommendationStatus } from './recommendation.entity';
import { Star } from './star.entity';
import { areaDescriptionProblem, areaTitleProblem, cleanText, moveProblem, reasonProblem, textProblem } from './curation-rules';
import { recommendationsPageId } from './recommendations-page';

/** Words compared for duplicates: case and runs of white space do not count. */
export function comparableText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}


const DUPLICATE: UserError = { field: 'text', code: 'DUPLICATE_RECOMMENDATION', message: 'This area already has a recommendation with these words' };

/**
 * Where `item` goes in `order` (ids in their current order): one step up or down, or to a
 * 1-based position (clamped). Returns the new order, or null when nothing would change.
 */
export function reordered(order: number[], item: number, direction: MoveDirection | null | undefined, position: number | null | undefined): number[] | null {
  const from = order.indexOf(item);
  if (from < 0) return null;
  let to: number;
  if (direction === MoveDirection.Up) to = from - 1;
  else if (direction === MoveDirection.Down) to = from + 1;
  else to = Math.round(position!) - 1;
  to = Math.min(Math.max(to, 0), order.length - 1);
  if (to === from) return null;
  const next = order.filter((id) => id !== item);
  next.splice(to, 0, item);
  return next;
}

/**
 * Moderators curate the recommendation areas and their recommendations; participants propose.
 * Every act runs in one transaction that writes the change itself, a Change in the timeline of
 * the page that shows the recommendations (and of the recommendation or area), and, for moderator
 * acts, an audit entry. Orders are changed under a lock on the area (or on all areas), relative to
 * the order read under that lock, so concurrent moves never scramble or duplicate positions.
 */
@Injectable()
export class CurationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  // ---- Reading ----

  /** Proposals no moderator has seen yet, oldest first. */
  async newRecommendations(viewer: Viewer | null): Promise<Recommendation[]> {
    assertAccess(viewer, Access.Moderator);
    // Only people's proposals: the masterclass's own list (no proposer) was never waiting to be seen.
    return this.dataSource.manager.find(Recommendation, { where: { seenAt: IsNull(), proposedById: Not(IsNull()), status: RecommendationStatus.Active }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Each area's pages (not deleted), by title. */
  async pagesByAreaIds(areaIds: readonly number[]): Promise<Page[][]> {
    const rows = await this.dataSource.manager.find(Page, { where: { areaId: In([...areaIds]), deletedAt: IsNull() }, order: { title: 'ASC' } });
    return groupByKey(areaIds, rows, (page) => page.areaId!);
  }

  /** Each area's archived recommendations (hidden from the lists, still reachable), oldest first. */
  async archivedRecommendationsByAreaIds(areaIds: readonly number[]): Promise<Recommendation[][]> {
    const rows = await this.dataSource.manager.find(Recommendation, { where: { areaId: In([...areaIds]), status: RecommendationStatus.Archived }, order: { position: 'ASC', id: 'ASC' } });
    return groupByKey(areaIds, rows, (row) => row.areaId);
  }

  // ---- Areas ----

  async createArea(input: CreateAreaInput, viewer: Viewer | null): Promise<AreaPayload> {
    assertAccess(viewer, Access.Moderator);
    const title = cleanText(input.title);
    const problem = areaTitleProblem(title) ?? areaDescriptionProblem(input.description);
    if (problem) return { area: null, errors: [problem] };
    const slug = slugify(title);
    return this.dataSource.transaction(async (db) => {
      await this.lockAllAreas(db);
      if (await db.existsBy(Area, { slug })) return areaError('title', 'AREA_TITLE_TAKEN', 'There is already an area with this title');
      const [{ next }]: { next: number }[] = await db.query('SELECT coalesce(max(position), 0) + 1 AS next FROM areas');
      const area = await db.save(db.create(Area, { slug, title, description: input.description.trim(), position: next }));
      await this.areaChanged(db, viewer!, area, 'created', null, { title, slug, description: area.description, position: area.position }, '');
      return { area, errors: [] };
    });
  }

  async renameArea(input: RenameAreaInput, viewer: Viewer | null): Promise<AreaPayload> {
    assertAccess(viewer, Access.Moderator);
    const title = cleanText(input.title);
    const problem = areaTitleProblem(title) ?? reasonProblem(input.reason, false);
    if (problem) return { area: null, errors: [problem] };
    return this.dataSource.transaction(async (db) => {
      const area = await this.lockArea(db, input.areaId);
      if (!area) return areaError('areaId', 'AREA_NOT_FOUND', 'This area does not exist');
      if (area.title === title) return areaError('title', 'UNCHANGED', 'The area already has this title');
      const before = area.title;
      await db.update(Area, { id: area.id }, { title });
      area.title = title;
      await this.areaChanged(db, viewer!, area, 'renamed', { title: before }, { title }, input.reason);
      return { area, errors: [] };
    });
  }

  async describeArea(input: DescribeAreaInput, viewer: Viewer | null): Promise<AreaPayload> {
    assertAccess(viewer, Access.Moderator);
    const description = input.description.trim();
    const problem = areaDescriptionProblem(description) ?? reasonProblem(input.reason, false);
    if (problem) return { area: null, errors: [problem] };
    return this.dataSource.transaction(async (db) => {
      const area = await this.lockArea(db, input.areaId);
      if (!area) return areaError('areaId', 'AREA_NOT_FOUND', 'This area does not exist');
      if (area.description === description) return areaError('description', 'UNCHANGED', 'The area already has this description');
      const before = area.description;
      await db.update(Area, { id: area.id }, { description });
      area.description = description;
      await this.areaChanged(db, viewer!, area, 'described', { description: before }, { description }, input.reason);
      return { area, errors: [] };
    });
  }

  /** Moves one area among the areas listed (archived ones keep their place out of sight). */
  async moveArea(input: MoveAreaInput, viewer: Viewer | null): Promise<AreaPayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = moveProblem(input.direction, input.position);
    if (problem) return { area: null, errors: [problem] };
    return this.dataSource.transaction(async (db) => {
      const areas = (await this.lockAllAreas(db)).filter((area) => !area.archivedAt);
      const area = areas.find((candidate) => candidate.id === input.areaId);
      if (!area) return areaError('areaId', 'AREA_NOT_FOUND', 'This area does not exist or is archived');
      const order = reordered(areas.map((a) => a.id), area.id, input.direction, input.position);
      if (!order) return areaError('position', 'UNCHANGED', 'The area is already there');
      const before = area.position;
      await this.renumber(db, Area, areas, order);
      const after = order.indexOf(area.id) + 1;
      area.position = after;
      await this.areaChanged(db, viewer!, area, 'reordered', { position: areas.findIndex((a) => a.id === area.id) + 1, storedPosition: before }, { position: after }, '');
      return { area: await db.findOneByOrFail(Area, { id: area.id }), errors: [] };
    });
  }

  archiveArea(input: AreaReasonInput, viewer: Viewer | null): Promise<AreaPayload> {
    return this.setAreaArchived(input, viewer, true);
  }

  restoreArea(input: AreaReasonInput, viewer: Viewer | null): Promise<AreaPayload> {
    return this.setAreaArchived(input, viewer, false);
  }

  private async setAreaArchived(input: AreaReasonInput, viewer: Viewer | null, archive: boolean): Promise<AreaPayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = reasonProblem(input.reason, false);
    if (problem) return { area: null, errors: [problem] };
    return this.dataSource.transaction(async (db) => {
      const area = await this.lockArea(db, input.areaId);
      if (!area) return areaError('areaId', 'AREA_NOT_FOUND', 'This area does not exist');
      if (Boolean(area.archivedAt) === archive) return areaError('areaId', archive ? 'AREA_ARCHIVED' : 'AREA_NOT_ARCHIVED', archive ? 'This area is already archived' : 'This area is not archived');
      await db.update(Area, { id: area.id }, { archivedAt: archive ? () => 'now()' : null });
      await this.areaChanged(db, viewer!, area, archive ? 'archived' : 'restored', { archived: !archive }, { archived: archive }, input.reason);
      return { area: await db.findOneByOrFail(Area, { id: area.id }), errors: [] };
    });
  }

  // ---- Recommendations ----

  /** Any signed-in participant: the proposal appears at once, marked as new until a moderator has seen it. */
  async propose(input: ProposeRecommendationInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    assertAccess(viewer, Access.SignedIn);
    const problem = textProblem(input.text);
    if (problem) return { recommendation: null, errors: [problem] };
    const text = cleanText(input.text);
    return this.dataSource.transaction(async (db) => {
      const area = await this.lockArea(db, input.areaId);
      if (!area) return recommendationError('areaId', 'AREA_NOT_FOUND', 'Choose one of the areas listed');
      if (area.archivedAt) return recommendationError('areaId', 'AREA_ARCHIVED', 'This area is archived: choose another');
      if (await this.duplicateIn(db, area.id, text, null)) return { recommendation: null, errors: [DUPLICATE] };
      const [{ next }]: { next: number }[] = await db.query('SELECT coalesce(max(position), 0) + 1 AS next FROM recommendations WHERE area_id = $1 AND status = $2', [area.id, RecommendationStatus.Active]);
      const recommendation = await db.save(
        db.create(Recommendation, { areaId: area.id, position: next, text, status: RecommendationStatus.Active, proposedById: viewer!.user.id, seenAt: null }),
      );
      await this.change(db, viewer!, ChangeKind.RecommendationProposed, recommendation.id, area.id, { recommendationText: text, areaTitle: area.title });
      return { recommendation, errors: [] };
    });
  }

  async markSeen(input: MarkRecommendationSeenInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    assertAccess(viewer, Access.Moderator);
    return this.dataSource.transaction(async (db) => {
      const recommendation = await this.lockRecommendation(db, input.recommendationId);
      if (!recommendation) return notFound();
      if (recommendation.seenAt) return { recommendation, errors: [] };
      await db.update(Recommendation, { id: recommendation.id }, { seenAt: () => 'now()' });
      await this.audit.record(db, { actorId: viewer!.user.id, action: 'recommendation.seen', subjectType: 'recommendation', subjectId: recommendation.id, before: { seen: false }, after: { seen: true } });
      return { recommendation: await db.findOneByOrFail(Recommendation, { id: recommendation.id }), errors: [] };
    });
  }

  async reword(input: RewordRecommendationInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = textProblem(input.text) ?? reasonProblem(input.reason, true);
    if (problem) return { recommendation: null, errors: [problem] };
    const text = cleanText(input.text);
    return this.dataSource.transaction(async (db) => {
      const found = await db.findOneBy(Recommendation, { id: input.recommendationId });
      if (!found) return notFound();
      // The area first (as every act here), so a proposal with the same words cannot slip in meanwhile.
      await this.lockArea(db, found.areaId);
      const recommendation = await this.lockRecommendation(db, found.id);
      if (!recommendation) return notFound();
      if (recommendation.status === RecommendationStatus.Merged) return merged();
      if (recommendation.areaId !== found.areaId) return movedMeanwhile();
      if (recommendation.text === text) return recommendationError('text', 'UNCHANGED', 'The recommendation already has these words');
      if (await this.duplicateIn(db, recommendation.areaId, text, recommendation.id)) return { recommendation: null, errors: [DUPLICATE] };
      const before = recommendation.text;
      await db.update(Recommendation, { id: recommendation.id }, { text, updatedAt: () => 'now()' });
      recommendation.text = text;
      await this.change(db, viewer!, ChangeKind.RecommendationReworded, recommendation.id, recommendation.areaId, { recommendationText: text, fromText: before }, input.reason);
      await this.audit.record(db, { actorId: viewer!.user.id, action: 'recommendation.reworded', subjectType: 'recommendation', subjectId: recommendation.id, before: { text: before }, after: { text }, reason: input.reason });
      return { recommendation, errors: [] };
    });
  }

  /** To another area (not an archived one), at its end. */
  async moveToArea(input: MoveRecommendationToAreaInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = reasonProblem(input.reason, false);
    if (problem) return { recommendation: null, errors: [problem] };
    return this.dataSource.transaction(async (db) => {
      const found = await db.findOneBy(Recommendation, { id: input.recommendationId });
      if (!found) return notFound();
      // Both areas, in id order, so two opposite moves cannot deadlock.
      const areas = await this.lockAreas(db, [found.areaId, input.areaId]);
      const target = areas.find((area) => area.id === input.areaId);
      if (!target) return recommendationError('areaId', 'AREA_NOT_FOUND', 'Choose one of the areas listed');
      if (target.archivedAt) return recommendationError('areaId', 'AREA_ARCHIVED', `“${target.title}” is archived: choose another area`);
      const recommendation = await this.lockRecommendation(db, found.id);
      if (!recommendation) return notFound();
      if (recommendation.status === RecommendationStatus.Merged) return merged();
      if (recommendation.areaId !== found.areaId) return movedMeanwhile();
      if (recommendation.areaId === target.id) return recommendationError('areaId', 'UNCHANGED', 'The recommendation is already in this area');
      if (recommendation.status === RecommendationStatus.Active && (await this.duplicateIn(db, target.id, recommendation.text, recommendation.id))) {
        return recommendationError('areaId', 'DUPLICATE_RECOMMENDATION', `“${target.title}” already has a recommendation with these words: merge them instead`);
      }
      const from = areas.find((area) => area.id === recommendation.areaId)!;
      const [{ next }]: { next: number }[] = await db.query('SELECT coalesce(max(position), 0) + 1 AS next FROM recommendations WHERE area_id = $1 AND status = $2', [target.id, RecommendationStatus.Active]);
      await db.update(Recommendation, { id: recommendation.id }, { areaId: target.id, position: next, updatedAt: () => 'now()' });
      await this.change(db, viewer!, ChangeKind.RecommendationMoved, recommendation.id, target.id, { recommendationText: recommendation.text, fromAreaTitle: from.title, toAreaTitle: target.title }, input.reason, [from.id, target.id]);
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: 'recommendation.moved',
        subjectType: 'recommendation',
        subjectId: recommendation.id,
        before: { areaId: from.id, area: from.title, position: recommendation.position },
        after: { areaId: target.id, area: target.title, position: next },
        reason: input.reason,
      });
      return { recommendation: await db.findOneByOrFail(Recommendation, { id: recommendation.id }), errors: [] };
    });
  }

  /** Up, down or to a position within its area, relative to the order as it is now (read under the area's lock). */
  async reorder(input: ReorderRecommendationInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = moveProblem(input.direction, input.position);
    if (problem) return { recommendation: null, errors: [problem] };
    return this.dataSource.transaction(async (db) => {
      const found = await db.findOneBy(Recommendation, { id: input.recommendationId });
      if (!found) return notFound();
      const area = await this.lockArea(db, found.areaId);
      const current = await db.find(Recommendation, { where: { areaId: found.areaId, status: RecommendationStatus.Active }, order: { position: 'ASC', id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const recommendation = current.find((row) => row.id === found.id);
      // Moved to another area, merged or archived meanwhile.
      if (!recommendation) return recommendationError('recommendationId', 'NOT_IN_LIST', 'This recommendation is no longer in this area’s list: reload the page to see it as it is now');
      const order = reordered(current.map((row) => row.id), recommendation.id, input.direction, input.position);
      if (!order) return recommendationError('position', 'UNCHANGED', 'The recommendation is already there');
      const before = current.indexOf(recommendation) + 1;
      await this.renumber(db, Recommendation, current, order);
      const after = order.indexOf(recommendation.id) + 1;
      await this.change(db, viewer!, ChangeKind.RecommendationReordered, recommendation.id, found.areaId, { recommendationText: recommendation.text, areaTitle: area?.title });
      await this.audit.record(db, { actorId: viewer!.user.id, action: 'recommendation.reordered', subjectType: 'recommendation', subjectId: recommendation.id, before: { position: before }, after: { position: after } });
      return { recommendation: await db.findOneByOrFail(Recommendation, { id: recommendation.id }), errors: [] };
    });
  }

  /**
   * Merges one recommendation into another: its stars (unless that person already starred the
   * survivor: then the survivor's is kept and the dropped one recorded in the audit entry), its
   * threads and its history move to the survivor; it becomes `merged` and its permalink redirects.
   */
  async merge(input: MergeRecommendationsInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = reasonProblem(input.reason, false);
    if (problem) return { recommendation: null, errors: [problem] };
    if (input.recommendationId === input.intoId) return recommendationError('intoId', 'MERGE_INTO_ITSELF', 'A recommendation cannot be merged into itself: choose another');
    return this.dataSource.transaction(async (db) => {
      // Areas before recommendations, each in id order, as every act here locks them: no deadlocks.
      const unlocked = await db.findBy(Recommendation, { id: In([input.recommendationId, input.intoId]) });
      await this.lockAreas(db, unlocked.map((row) => row.areaId));
      const both = await db.find(Recommendation, { where: { id: In([input.recommendationId, input.intoId]) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      if (both.some((row) => row.areaId !== unlocked.find((other) => other.id === row.id)?.areaId)) return movedMeanwhile();
      const source = both.find((row) => row.id === input.recommendationId);
      const target = both.find((row) => row.id === input.intoId);
      if (!source) return notFound();
      if (source.status === RecommendationStatus.Merged) return recommendationError('recommendationId', 'ALREADY_MERGED', 'This recommendation has already been merged into another');
      if (!target) return recommendationError('intoId', 'RECOMMENDATION_NOT_FOUND', 'Choose one of the recommendations listed');
      if (target.status === RecommendationStatus.Merged) return recommendationError('intoId', 'TARGET_MERGED', 'That recommendation has itself been merged into another: choose the one it was merged into');
      if (target.status === RecommendationStatus.Archived) return recommendationError('intoId', 'TARGET_ARCHIVED', 'That recommendation is archived: restore it first, or choose another');

      const stars = await db.find(Star, { where: { recommendationId: In([source.id, target.id]) }, lock: { mode: 'pessimistic_write' } });
      const targetStarrers = new Set(stars.filter((star) => star.recommendationId === target.id).map((star) => star.userId));
      const sourceStars = stars.filter((star) => star.recommendationId === source.id);
      const dropped = sourceStars.filter((star) => targetStarrers.has(star.userId));
      const moved = sourceStars.filter((star) => !targetStarrers.has(star.userId));
      if (dropped.length > 0) await db.delete(Star, { id: In(dropped.map((star) => star.id)) });
      if (moved.length > 0) await db.update(Star, { id: In(moved.map((star) => star.id)) }, { recommendationId: target.id });
      const threads: { id: number }[] = await db.query('SELECT id FROM threads WHERE recommendation_id = $1 ORDER BY id FOR UPDATE', [source.id]);
      if (threads.length > 0) await db.query('UPDATE threads SET recommendation_id = $1 WHERE recommendation_id = $2', [target.id, source.id]);
      await db.update(Change, { recommendationId: source.id }, { recommendationId: target.id });
      await db.update(Recommendation, { id: source.id }, { status: RecommendationStatus.Merged, mergedIntoId: target.id, updatedAt: () => 'now()' });

      await this.change(db, viewer!, ChangeKind.RecommendationsMerged, target.id, target.areaId, { recommendationText: target.text, fromText: source.text, mergedIntoId: target.id }, input.reason, [source.areaId, target.areaId]);
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: 'recommendation.merged',
        subjectType: 'recommendation',
        subjectId: source.id,
        before: { id: source.id, text: source.text, status: source.status, areaId: source.areaId },
        after: {
          status: RecommendationStatus.Merged,
          mergedIntoId: target.id,
          mergedIntoText: target.text,
          starsMoved: moved.map((star) => star.id),
          threadsMoved: threads.map((thread) => thread.id),
          starsDropped: dropped.map((star) => ({ id: star.id, userId: star.userId, reason: star.reason, createdAt: star.createdAt })),
        },
        reason: input.reason,
      });
      return { recommendation: await db.findOneByOrFail(Recommendation, { id: target.id }), errors: [] };
    });
  }

  archive(input: RecommendationReasonInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    return this.setArchived(input, viewer, true);
  }

  restore(input: RecommendationReasonInput, viewer: Viewer | null): Promise<RecommendationPayload> {
    return this.setArchived(input, viewer, false);
  }

  private async setArchived(input: RecommendationReasonInput, viewer: Viewer | null, archive: boolean): Promise<RecommendationPayload> {
    assertAccess(viewer, Access.Moderator);
    const problem = reasonProblem(input.reason, false);
    if (problem) return { recommendation: null, errors: [problem] };
    return this.dataSource.transaction(async (db) => {
      const found = await db.findOneBy(Recommendation, { id: input.recommendationId });
      if (!found) return notFound();
      const area = await this.lockArea(db, found.areaId);
      const recommendation = await this.lockRecommendation(db, found.id);
      if (!recommendation) return notFound();
      if (recommendation.status === RecommendationStatus.Merged) return merged();
      if (recommendation.areaId !== found.areaId) return movedMeanwhile();
      const want = archive ? RecommendationStatus.Archived : RecommendationStatus.Active;
      if (recommendation.status === want) {
        return recommendationError('recommendationId', 'UNCHANGED', archive ? 'This recommendation is already archived' : 'This recommendation is not archived');
      }
      let position = recommendation.position;
      if (!archive) {
        if (area?.archivedAt) return recommendationError('recommendationId', 'AREA_ARCHIVED', `Its area “${area.title}” is archived: restore the area first, or move the recommendation`);
        if (await this.duplicateIn(db, recommendation.areaId, recommendation.text, recommendation.id)) {
          return recommendationError('recommendationId', 'DUPLICATE_RECOMMENDATION', 'Its area now has a recommendation with the same words: merge them instead');
        }
        // Back at the end of its area's list.
        const [{ next }]: { next: number }[] = await db.query('SELECT coalesce(max(position), 0) + 1 AS next FROM recommendations WHERE area_id = $1 AND status = $2', [recommendation.areaId, RecommendationStatus.Active]);
        position = next;
      }
      await db.update(Recommendation, { id: recommendation.id }, { status: want, position, updatedAt: () => 'now()' });
      await this.change(db, viewer!, archive ? ChangeKind.RecommendationArchived : ChangeKind.RecommendationRestored, recommendation.id, recommendation.areaId, { recommendationText: recommendation.text }, input.reason);
      await this.audit.record(db, {
        actorId: viewer!.user.id,
        action: archive ? 'recommendation.archived' : 'recommendation.restored',
        subjectType: 'recommendation',
        subjectId: recommendation.id,
        before: { status: recommendation.status },
        after: { status: want },
        reason: input.reason,
      });
      return { recommendation: await db.findOneByOrFail(Recommendation, { id: recommendation.id }), errors: [] };
    });
  }

  // ---- Shared steps ----

  private async lockArea(db: EntityManager, id: number): Promise<Area | null> {
    return db.findOne(Area, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  private async lockAreas(db: EntityManager, ids: number[]): Promise<Area[]> {
    return db.find(Area, { where: { id: In([...new Set(ids)]) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** Every area, locked in id order, then returned in list order. */
  private async lockAllAreas(db: EntityManager): Promise<Area[]> {
    const areas = await db.find(Area, { order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    return areas.sort((a, b) => a.position - b.position || a.id - b.id);
  }

  private lockRecommendation(db: EntityManager, id: number): Promise<Recommendation | null> {
    return db.findOne(Recommendation, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Gives the rows positions 1…n in `order`, writing only those whose position changes. */
  private async renumber(db: EntityManager, entity: typeof Area | typeof Recommendation, rows: { id: number; position: number }[], order: number[]): Promise<void> {
    const byId = new Map(rows.map((row) => [row.id, row]));
    const changed = order.map((id, index) => ({ id, position: index + 1 })).filter(({ id, position }) => byId.get(id)!.position !== position);
    if (changed.length === 0) return;
    const table = entity === Area ? 'areas' : 'recommendations';
    await db.query(
      `UPDATE ${table} AS t SET position = v.position FROM unnest($1::int[], $2::int[]) AS v(id, position) WHERE t.id = v.id`,
      [changed.map((row) => row.id), changed.map((row) => row.position)],
    );
  }

  private async duplicateIn(db: EntityManager, areaId: number, text: string, exceptId: number | null): Promise<boolean> {
    const rows: { text: string }[] = await db.query('SELECT id, text FROM recommendations WHERE area_id = $1 AND status = $2 AND id <> $3', [areaId, RecommendationStatus.Active, exceptId ?? 0]);
    const wanted = comparableText(text);
    return rows.some((row) => comparableText(row.text) === wanted);
  }

  /**
   * A change in the timeline of the recommendation and area, and of the page that shows the
   * recommendations when the act changed what that page shows: `shownIn` is the areas involved
   * (the page shows it if any of them is listed) or, for area acts, whether the page is affected.
   * Acts inside an archived area stay out of the page's timeline: the page does not show that area.
   */
  private async change(db: EntityManager, viewer: Viewer, kind: ChangeKind, recommendationId: number | null, areaId: number | null, details: ChangeDetails, note = '', shownIn: number[] | boolean = areaId === null ? [] : [areaId]): Promise<void> {
    let onPage = shownIn === true;
    if (Array.isArray(shownIn) && shownIn.length > 0) {
      const [{ listed }]: { listed: boolean | null }[] = await db.query('SELECT bool_or(archived_at IS NULL) AS listed FROM areas WHERE id = ANY($1)', [shownIn]);
      onPage = listed === true;
    }
    const pageId = onPage ? await recommendationsPageId(db) : null;
    await db.insert(Change, { pageId, kind, actorId: viewer.user.id, recommendationId, areaId, details, note: note.trim() });
  }

  private async areaChanged(db: EntityManager, viewer: Viewer, area: Area, action: string, before: Record<string, unknown> | null, after: Record<string, unknown>, reason: string): Promise<void> {
    // Renaming or describing an archived area does not change what the page shows; the rest do.
    const shown = action === 'renamed' || action === 'described' ? !area.archivedAt : true;
    await this.change(db, viewer, ChangeKind.AreaChanged, null, area.id, { areaTitle: area.title, areaAction: action }, reason, shown);
    await this.audit.record(db, { actorId: viewer.user.id, action: `area.${action}`, subjectType: 'area', subjectId: area.id, before, after, reason });
  }
}

function notFound(): RecommendationPayload {
  return recommendationError('recommendationId', 'RECOMMENDATION_NOT_FOUND', 'This recommendation does not exist');
}

function merged(): RecommendationPayload {
  return recommendationError('recommendationId', 'ALREADY_MERGED', 'This recommendation has been merged into another');
}

function movedMeanwhile(): RecommendationPayload {
  return recommendationError('recommendationId', 'CHANGED_MEANWHILE', 'Someone moved this recommendation meanwhile: reload the page and try again');
}
