import type { RequestContext } from '../graphql/request-context';
import type { Area } from './area.entity';
import type { Recommendation } from './recommendation.entity';
import type { RecommendationsService } from './recommendations.service';
import type { Star } from './star.entity';

export function loadAreaRecommendations(context: RequestContext, service: RecommendationsService, areaId: number): Promise<Recommendation[]> {
  return context.loaders
    .get<number, Recommendation[]>('recommendationsByArea', (ids) => service.activeRecommendationsByAreaIds(ids))
    .load(areaId);
}

export function loadStars(context: RequestContext, service: RecommendationsService, recommendationId: number): Promise<Star[]> {
  return context.loaders
    .get<number, Star[]>('starsByRecommendation', (ids) => service.starsByRecommendationIds(ids))
    .load(recommendationId);
}

export function loadArea(context: RequestContext, service: RecommendationsService, areaId: number): Promise<Area | null> {
  return context.loaders.get<number, Area | null>('areasById', (ids) => service.areasByIds(ids)).load(areaId);
}
