import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ModerationModule } from '../moderation/moderation.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RecommendationsModule } from '../recommendations/recommendations.module';
import { Change } from '../changes/change.entity';
import { PageEditingResolver } from './page-editing.resolver';
import { PageEditingService } from './page-editing.service';
import { Page } from './page.entity';
import { PageRedirect } from './page-redirect.entity';
import { PagesResolver, RevisionResolver } from './pages.resolver';
import { PagesService } from './pages.service';
import { ProfileRevisionsResolver, RevisionPageResolver } from './profile-revisions.resolver';
import { Revision } from './revision.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Page, Revision, Change, PageRedirect]), AccountsModule, RecommendationsModule, ModerationModule, NotificationsModule],
  providers: [PagesService, PageEditingService, PageEditingResolver, PagesResolver, RevisionResolver, ProfileRevisionsResolver, RevisionPageResolver],
  exports: [PagesService],
})
export class PagesModule {}
