import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PagesModule } from '../pages/pages.module';
import { DiscussionsService } from './discussions.service';
import { RecommendationThreadsResolver } from './recommendation-threads.resolver';
import { ProfilePostResolver, ProfilePostsResolver } from './profile-posts.resolver';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';
import { PageThreadsResolver, RepliesResolver, ThreadsResolver } from './threads.resolver';
import { PageThreadListResolver, PostingResolver, ReplyPostingFieldsResolver, ThreadPostingFieldsResolver } from './posting.resolver';
import { PostingService } from './posting.service';
import { ReplyVersionsResolver } from './reply-versions.resolver';
import { ReplyVersionsService } from './reply-versions.service';
import { ThreadListService } from './thread-list.service';
import { ReplyReadingFieldsResolver, ThreadReadingFieldsResolver, ThreadReadingResolver } from './thread-reading.resolver';
import { ThreadReadingService } from './thread-reading.service';
import { ReplyValuableResolver, ThreadValuableResolver, VotesResolver } from './votes.resolver';
import { VotesService } from './votes.service';

@Module({
  imports: [TypeOrmModule.forFeature([Thread, Reply]), AccountsModule, PagesModule, NotificationsModule],
  providers: [DiscussionsService, ThreadsResolver, RepliesResolver, PageThreadsResolver, ProfilePostsResolver, ProfilePostResolver, RecommendationThreadsResolver,
    PostingService, ThreadListService, VotesService, PostingResolver, ReplyPostingFieldsResolver, ThreadPostingFieldsResolver, PageThreadListResolver, VotesResolver, ThreadValuableResolver, ReplyValuableResolver,
    ReplyVersionsService, ReplyVersionsResolver, ThreadReadingService, ThreadReadingResolver, ThreadReadingFieldsResolver, ReplyReadingFieldsResolver],
  exports: [DiscussionsService, PostingService],
})
export class DiscussionsModule {}
