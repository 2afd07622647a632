import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Throttle } from '@nestjs/throttler';
import { Access, Allow } from '../accounts/access';
import type { RequestContext } from '../graphql/request-context';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';
import { FoldRepliesInput, FoldRepliesPayload, MarkPageThreadsReadInput, MarkThreadReadInput, MarkThreadsReadInput, ThreadReadPayload, type ThreadReading, ThreadUnreadCount } from './thread-reading.models';
import { ThreadReadingService } from './thread-reading.service';

/**
 * The viewer's reading of a thread, or null when signed out. Marks the request personal: this
 * changes on every view, with no data-changed notification, so it must never come from the read cache.
 */
export function loadThreadReading(context: RequestContext, reading: ThreadReadingService, threadId: number): Promise<ThreadReading> | null {
  const viewer = context.viewer;
  if (!viewer) return null;
  context.personal = true;
  return context.loaders.get<number, ThreadReading>('threadReading', (ids) => reading.readingsByThreadIds(viewer.user.id, ids)).load(threadId);
}

/** The doors into ThreadReadingService: one mutation, one service call. */
@Resolver()
export class ThreadReadingResolver {
  constructor(private readonly reading: ThreadReadingService) {}

  // Every thread view marks what it showed: a quick reader opens more than 60 threads a minute.
  @Allow(Access.SignedInEvenIfSuspended)
  @Throttle({ default: { limit: 300, ttl: 60_000 } })
  @Mutation(() => ThreadReadPayload, { description: "Marks a thread read for the viewer, up to a reply or wholly (never backwards). Viewing a thread's page does this for what it showed." })
  markThreadRead(@Args('input') input: MarkThreadReadInput, @Context() context: RequestContext): Promise<ThreadReadPayload> {
    return this.reading.markThreadRead(input, context.viewer);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Mutation(() => ThreadReadPayload, { description: '"Mark all as read": every thread about a page, for the viewer.' })
  markPageThreadsRead(@Args('input') input: MarkPageThreadsReadInput, @Context() context: RequestContext): Promise<ThreadReadPayload> {
    return this.reading.markPageThreadsRead(input, context.viewer);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Mutation(() => ThreadReadPayload, { description: '"Mark all as read" on a list of threads (the home page\'s, a page view\'s, a recommendation\'s): the threads it shows, at most 100.' })
  markThreadsRead(@Args('input') input: MarkThreadsReadInput, @Context() context: RequestContext): Promise<ThreadReadPayload> {
    return this.reading.markThreadsRead(input, context.viewer);
  }

  @Allow(Access.Public)
  @Query(() => [ThreadUnreadCount], { description: "The viewer's unread replies in each of these threads (at most 100), for a thread list; empty when signed out" })
  viewerUnreadCounts(@Args('threadIds', { type: () => [Int] }) threadIds: number[], @Context() context: RequestContext): Promise<ThreadUnreadCount[]> {
    // Never kept in the read cache (it changes on every thread view, with no data-changed notice); a
    // page kept for the viewer's session may hold it, being checked against their reading stamp.
    if (context.viewer) context.readingShown = true;
    return this.reading.unreadCounts(threadIds, context.viewer);
  }

  @Allow(Access.SignedInEvenIfSuspended)
  @Mutation(() => FoldRepliesPayload, { description: "Folds a reply's answers away for the viewer (\"Hide the 4 replies to …\"), or shows them again; remembered on every browser." })
  foldReplies(@Args('input') input: FoldRepliesInput, @Context() context: RequestContext): Promise<FoldRepliesPayload> {
    return this.reading.foldReplies(input, context.viewer);
  }
}

@Resolver(() => Thread)
export class ThreadReadingFieldsResolver {
  constructor(private readonly reading: ThreadReadingService) {}

  @ResolveField(() => Int, { nullable: true, description: "How many replies the viewer has not read (by others, not deleted or hidden); null when signed out" })
  async viewerUnreadCount(@Parent() thread: Thread, @Context() context: RequestContext): Promise<number | null> {
    return (await loadThreadReading(context, this.reading, thread.id))?.unreadCount ?? null;
  }

  @ResolveField(() => [Int], { description: 'The replies whose answers the viewer folded away; none when signed out' })
  async viewerFoldedReplyIds(@Parent() thread: Thread, @Context() context: RequestContext): Promise<number[]> {
    return (await loadThreadReading(context, this.reading, thread.id))?.foldedReplyIds ?? [];
  }
}

@Resolver(() => Reply)
export class ReplyReadingFieldsResolver {
  constructor(private readonly reading: ThreadReadingService) {}

  @ResolveField(() => Boolean, { description: 'Not yet read by the viewer (newer than how far they read, by someone else); false when signed out' })
  async viewerUnread(@Parent() reply: Reply, @Context() context: RequestContext): Promise<boolean> {
    const reading = await loadThreadReading(context, this.reading, reply.threadId);
    if (!reading) return false;
    return reply.id > reading.lastReadReplyId && reply.authorId !== context.viewer!.user.id && reply.deletedAt === null && reply.hiddenAt === null;
  }
}
