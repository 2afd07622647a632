import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Access, Allow } from '../accounts/access';
import type { RequestContext } from '../graphql/request-context';
import { Page } from '../pages/page.entity';
import { DiscussionsService } from './discussions.service';
import { loadReply, mayReadReplyText } from './loaders';
import { DeleteReplyInput, EditReplyInput, PostReplyInput, ReplyPayload, StartThreadInput, ThreadListPage, ThreadPayload, ThreadSort } from './posting.models';
import { PostingService } from './posting.service';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';
import { ThreadListService } from './thread-list.service';

/** The doors into PostingService: one mutation, one service call. */
@Resolver()
export class PostingResolver {
  constructor(private readonly posting: PostingService) {}

  @Allow(Access.SignedIn)
  @Mutation(() => ThreadPayload, { description: 'Starts a thread on a page (or one of its recommendations) with its opening post.' })
  startThread(@Args('input') input: StartThreadInput, @Context() context: RequestContext): Promise<ThreadPayload> {
    return this.posting.startThread(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => ReplyPayload, { description: 'Replies to the opening post or to a reply; the same idempotency key makes one reply however often it is sent.' })
  postReply(@Args('input') input: PostReplyInput, @Context() context: RequestContext): Promise<ReplyPayload> {
    return this.posting.postReply(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => ReplyPayload, { description: "Changes the text of one's own reply; the earlier text is kept." })
  editReply(@Args('input') input: EditReplyInput, @Context() context: RequestContext): Promise<ReplyPayload> {
    return this.posting.editReply(input, context.viewer);
  }

  @Allow(Access.SignedIn)
  @Mutation(() => ReplyPayload, { description: "Deletes one's own reply; its place in the thread is kept." })
  deleteReply(@Args('input') input: DeleteReplyInput, @Context() context: RequestContext): Promise<ReplyPayload> {
    return this.posting.deleteReply(input, context.viewer);
  }
}

@Resolver(() => Reply)
export class ReplyPostingFieldsResolver {
  constructor(private readonly discussions: DiscussionsService) {}

  @ResolveField(() => Reply, { nullable: true, description: 'The reply this answers; null when it answers the opening post' })
  parent(@Parent() reply: Reply, @Context() context: RequestContext): Promise<Reply | null> | null {
    return reply.parentReplyId === null ? null : loadReply(context, this.discussions, reply.parentReplyId);
  }

  @ResolveField(() => Boolean, { description: 'Deleted by its author: shown as "This reply was deleted by its author", in its place' })
  deleted(@Parent() reply: Reply): boolean {
    return reply.deletedAt !== null;
  }

  @ResolveField(() => String, { nullable: true, description: 'The markdown text (for editing); null when deleted or not kept, or when a moderator hid it or its thread (except for moderators)' })
  async body(@Parent() reply: Reply, @Context() context: RequestContext): Promise<string | null> {
    if (!(await mayReadReplyText(context, this.discussions, reply))) return null;
    return reply.deletedAt ? null : reply.body;
  }

  @ResolveField(() => Int, { description: 'The thread it is in' })
  threadId(@Parent() reply: Reply): number {
    return reply.threadId;
  }
}

@Resolver(() => Thread)
export class ThreadPostingFieldsResolver {
  @ResolveField(() => Boolean, { description: 'Locked by a moderator: no new replies' })
  locked(@Parent() thread: Thread): boolean {
    return thread.lockedAt !== null;
  }

  @ResolveField(() => Boolean, { description: 'Pinned by a moderator' })
  pinned(@Parent() thread: Thread): boolean {
    return thread.pinnedAt !== null;
  }
}

@Resolver(() => Page)
export class PageThreadListResolver {
  constructor(private readonly lists: ThreadListService) {}

  @ResolveField(() => ThreadListPage, { description: "The page's full thread list, a page at a time" })
  threadList(
    @Parent() page: Page,
    @Args('sort', { type: () => ThreadSort, defaultValue: ThreadSort.Activity }) sort: ThreadSort,
    @Args('page', { type: () => Int, defaultValue: 1 }) pageNumber: number,
    @Args('perPage', { type: () => Int, defaultValue: 25 }) perPage: number,
  ): Promise<ThreadListPage> {
    return this.lists.pageThreads(page.id, sort, Math.max(1, pageNumber), Math.min(Math.max(perPage, 1), 100));
  }
}
