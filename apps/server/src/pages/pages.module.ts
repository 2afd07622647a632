import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { Change } from './change.entity';
import { Page } from './page.entity';
import { ChangeResolver, PagesResolver, RevisionResolver } from './pages.resolver';
import { PagesService } from './pages.service';
import { ProfileRevisionsResolver, RevisionPageResolver } from './profile-revisions.resolver';
import { Revision } from './revision.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Page, Revision, Change]), AccountsModule, RecommendationsModule],
  providers: [PagesService, PagesResolver, RevisionResolver, ChangeResolver, ProfileRevisionsResolver, RevisionPageResolver],
  exports: [PagesService],
})
export class PagesModule {}
