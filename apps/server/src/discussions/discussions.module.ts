import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { PagesModule } from '../pages/pages.module';
import { DiscussionsService } from './discussions.service';
import { ProfilePostResolver, ProfilePostsResolver } from './profile-posts.resolver';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';
import { PageThreadsResolver, RepliesResolver, ThreadsResolver } from './threads.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([Thread, Reply]), AccountsModule, PagesModule],
  providers: [DiscussionsService, ThreadsResolver, RepliesResolver, PageThreadsResolver, ProfilePostsResolver, ProfilePostResolver],
  exports: [DiscussionsService],
})
export class DiscussionsModule {}
