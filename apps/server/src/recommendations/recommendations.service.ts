import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { byKey, groupByKey } from '../graphql/request-context';
import { Area } from './area.entity';
import { Recommendation, RecommendationStatus } from './recommendation.entity';
import { Star } from './star.entity';

@Injectable()
export class RecommendationsService {
  constructor(
    @InjectRepository(Area) private readonly areas: Repository<Area>,
    @InjectRepository(Recommendation) private readonly recommendations: Repository<Recommendation>,
    @InjectRepository(Star) private readonly stars: Repository<Star>,
  ) {}

  /** The areas in their curated order, archived ones left out. */
  listAreas(includeArchived = false): Promise<Area[]> {
    return this.areas.find({ where: includeArchived ? {} : { archivedAt: IsNull() }, order: { position: 'ASC', id: 'ASC' } });
  }

  findAreaBySlug(slug: string): Promise<Area | null> {
    return this.areas.findOneBy({ slug });
  }

  async areasByIds(ids: readonly number[]): Promise<(Area | null)[]> {
    return byKey(ids, await this.areas.findBy({ id: In([...ids]) }), (area) => area.id);
  }

  findRecommendation(id: number): Promise<Recommendation | null> {
    return this.recommendations.findOneBy({ id });
  }

  /** Each area's active recommendations, in position order. */
  async activeRecommendationsByAreaIds(areaIds: readonly number[]): Promise<Recommendation[][]> {
    const rows = await this.recommendations.find({
      where: { areaId: In([...areaIds]), status: RecommendationStatus.Active },
      order: { position: 'ASC', id: 'ASC' },
    });
    return groupByKey(areaIds, rows, (recommendation) => recommendation.areaId);
  }

  /** Each recommendation's stars, oldest first. */
  async starsByRecommendationIds(recommendationIds: readonly number[]): Promise<Star[][]> {
    const rows = await this.stars.find({
      where: { recommendationId: In([...recommendationIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return groupByKey(recommendationIds, rows, (star) => star.recommendationId);
  }

  /** Recommendations by id, whatever their status (a merged one's survivor, say). */
  async recommendationsById(ids: readonly number[]): Promise<(Recommendation | null)[]> {
    return byKey(ids, await this.recommendations.findBy({ id: In([...ids]) }), (recommendation) => recommendation.id);
  }

  /** Every area, archived ones included, in their curated order: for the exports. */
  everyArea(): Promise<Area[]> {
    return this.areas.find({ order: { position: 'ASC', id: 'ASC' } });
  }

  /** Each area's recommendations of every status (active, archived, merged), in position order: for the exports. */
  async everyRecommendationByAreaIds(areaIds: readonly number[]): Promise<Recommendation[][]> {
    const rows = await this.recommendations.find({ where: { areaId: In([...areaIds]) }, order: { position: 'ASC', id: 'ASC' } });
    return groupByKey(areaIds, rows, (recommendation) => recommendation.areaId);
  }
}
