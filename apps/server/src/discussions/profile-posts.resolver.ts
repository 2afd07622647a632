import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { ProfilePost } from './discussion.models';
import { DiscussionsService } from './discussions.service';
import { loadThread } from './loaders';
import { Thread } from './thread.entity';

@Resolver(() => User)
export class ProfilePostsResolver {
  constructor(private readonly discussions: DiscussionsService) {}

  @ResolveField(() => [ProfilePost], { description: 'Threads they started and replies they wrote, newest first' })
  recentPosts(@Parent() user: User, @Args('limit', { type: () => Int, defaultValue: 10 }) limit: number): Promise<ProfilePost[]> {
    return this.discussions.recentPostsBy(user.id, Math.min(Math.max(limit, 1), 50));
  }
}

@Resolver(() => ProfilePost)
export class ProfilePostResolver {
  constructor(private readonly discussions: DiscussionsService) {}

  @ResolveField(() => Thread)
  async thread(@Parent() post: ProfilePost, @Context() context: RequestContext): Promise<Thread> {
    return (await loadThread(context, this.discussions, post.threadId))!;
  }
}
