import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context';
import { DiscussionsService } from './discussions.service';
import { loadReply, loadThread, mayReadReplyText } from './loaders';
import { ReplyVersion } from './reply-versions.models';
import { ReplyVersionsService } from './reply-versions.service';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';

@Resolver(() => Reply)
export class ReplyVersionsResolver {
  constructor(
    private readonly discussions: DiscussionsService,
    private readonly replyVersions: ReplyVersionsService,
  ) {}

  @Query(() => Reply, { nullable: true, description: 'One reply, by id' })
  reply(@Args('id', { type: () => Int }) id: number, @Context() context: RequestContext): Promise<Reply | null> {
    return loadReply(context, this.discussions, id);
  }

  @ResolveField(() => Thread, { description: 'The thread it is in' })
  async thread(@Parent() reply: Reply, @Context() context: RequestContext): Promise<Thread> {
    return (await loadThread(context, this.discussions, reply.threadId))!;
  }

  @ResolveField(() => [ReplyVersion], { description: 'Every text the reply has had, oldest first, the current one last; empty when deleted or not kept, or when a moderator hid it or its thread (except for moderators)' })
  async versions(@Parent() reply: Reply, @Context() context: RequestContext): Promise<ReplyVersion[]> {
    if (!(await mayReadReplyText(context, this.discussions, reply))) return [];
    return this.replyVersions.versions(reply);
  }
}
