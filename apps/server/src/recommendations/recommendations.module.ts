import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ModerationModule } from '../moderation/moderation.module';
import { Area } from './area.entity';
import { AreasResolver } from './areas.resolver';
import { Recommendation } from './recommendation.entity';
import { RecommendationResolver, StarResolver } from './recommendation.resolver';
import { RecommendationsService } from './recommendations.service';
import { Star } from './star.entity';
import { RecommendationExportResolver, RecommendationStarsResolver, StarsResolver } from './stars.resolver';
import { StarsService } from './stars.service';
import { CurationAreaFields, CurationRecommendationFields, CurationResolver } from './curation.resolver';
import { CurationService } from './curation.service';

@Module({
  imports: [TypeOrmModule.forFeature([Area, Recommendation, Star]), AccountsModule, ModerationModule],
  providers: [RecommendationsService, AreasResolver, RecommendationResolver, StarResolver, StarsService, StarsResolver, RecommendationStarsResolver, RecommendationExportResolver, CurationService, CurationResolver, CurationAreaFields, CurationRecommendationFields],
  exports: [RecommendationsService],
})
export class RecommendationsModule {}
