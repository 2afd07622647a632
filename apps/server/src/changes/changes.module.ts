import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { PagesModule } from '../pages/pages.module';
import { Change } from './change.entity';
import { ChangeResolver } from './change.resolver';
import { PageHistoryResolver } from './page-history.resolver';
import { RecentChangesResolver } from './recent-changes.resolver';
import { RecentChangesService } from './recent-changes.service';
import { RecommendationHistoryResolver } from './recommendation-history.resolver';

/**
 * The change log: one timeline of everything that changed what pages show (edits, renames,
 * deletions, stars, curation), read as recent changes, a page's history and a recommendation's.
 * The domains that make changes write their rows in their own transactions; this module reads them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Change]), AccountsModule, PagesModule],
  providers: [RecentChangesService, RecentChangesResolver, ChangeResolver, PageHistoryResolver, RecommendationHistoryResolver],
})
export class ChangesModule {}
