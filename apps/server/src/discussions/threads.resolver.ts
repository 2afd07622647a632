import { Args, Context, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AccountsService } from '../accounts/accounts.service';
import { loadUser } from '../accounts/user-loader';
import { User } from '../accounts/user.entity';
import type { RequestContext } from '../graphql/request-context';
import { selectedFields } from '../graphql/selected-fields';
import { loadPage } from '../pages/loaders';
import { Page } from '../pages/page.entity';
import { PagesService } from '../pages/pages.service';
import { mayReadHidden, mayReadThreadText } from '../accounts/access';
import { MarkdownRenderer } from '../rendering/markdown-renderer.service';
import { firstSentenceExcerpt } from '@commonplace/markdown';
import { PostReference, ThreadList } from './discussion.models';
import { DiscussionsService } from './discussions.service';
import { loadReplies, loadReply, loadThread, loadThreadActivity, mayReadReplyText, primeThreadReads, primeThreadView } from './loaders';
import { Reply } from './reply.entity';
import { Thread } from './thread.entity';

/** A post's first sentence for "Reply to X: “…”", or null when it has no prose to quote. */
const excerptOf = (markdown: string): string | null => firstSentenceExcerpt(markdown) || null;

/** Lists never return more than this many items at once. */
const MAX_LIST = 100;
const clampLimit = (limit: number) => Math.min(Math.max(limit, 1), MAX_LIST);

@Resolver(() => Thread)
export class ThreadsResolver {
  constructor(
    private readonly discussions: DiscussionsService,
    private readonly accounts: AccountsService,
    private readonly pages: PagesService,
    private readonly renderer: MarkdownRenderer,
  ) {}

  @Query(() => Thread, { nullable: true })
  async thread(@Args('id', { type: () => Int }) id: number, @Context() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Thread | null> {
    const read = await this.discussions.readThread(id, context.viewer?.user.id ?? null, selectedFields(info).has('replies'));
    if (!read) return null;
    primeThreadView(context, read);
    return read.thread;
  }

  @Query(() => [Thread], { description: 'Threads across the wiki, newest activity first.' })
  recentThreads(@Args('limit', { type: () => Int, defaultValue: 5 }) limit: number): Promise<Thread[]> {
    return this.discussions.recentThreads(clampLimit(limit));
  }

  @ResolveField(() => String, { nullable: true, description: 'Its subject; null when a moderator hid the thread (except for moderators)' })
  subject(@Parent() thread: Thread, @Context() context: RequestContext): string | null {
    return mayReadThreadText(thread, context.viewer) ? thread.subject : null;
  }

  @ResolveField(() => [String], { description: 'Keyword tags; none when a moderator hid the thread (except for moderators)' })
  tags(@Parent() thread: Thread, @Context() context: RequestContext): string[] {
    return mayReadThreadText(thread, context.viewer) ? thread.tags : [];
  }

  @ResolveField(() => User, { description: 'Who started the thread' })
  async starter(@Parent() thread: Thread, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, thread.starterId))!;
  }

  @ResolveField(() => String, { nullable: true, description: 'The opening post, as sanitised HTML; null when a moderator hid it (except for moderators)' })
  bodyHtml(@Parent() thread: Thread, @Context() context: RequestContext): Promise<string> | null {
    return thread.hiddenAt && !mayReadHidden(context.viewer) ? null : this.renderer.render(thread.body);
  }

  @ResolveField(() => String, { nullable: true, description: 'The opening post, in markdown (to quote it in a reply); null when a moderator hid it (except for moderators)' })
  body(@Parent() thread: Thread, @Context() context: RequestContext): string | null {
    return thread.hiddenAt && !mayReadHidden(context.viewer) ? null : thread.body;
  }

  @ResolveField(() => Page)
  async page(@Parent() thread: Thread, @Context() context: RequestContext): Promise<Page> {
    return (await loadPage(context, this.pages, thread.pageId))!;
  }

  @ResolveField(() => Int)
  async replyCount(@Parent() thread: Thread, @Context() context: RequestContext): Promise<number> {
    return (await loadThreadActivity(context, this.discussions, thread.id)).replyCount;
  }

  @ResolveField(() => Date, { description: 'When the newest post (opening post or reply) was made' })
  async lastPostAt(@Parent() thread: Thread, @Context() context: RequestContext): Promise<Date> {
    return (await loadThreadActivity(context, this.discussions, thread.id)).lastPostAt;
  }

  @ResolveField(() => User, { description: 'Who made the newest post' })
  async lastPostBy(@Parent() thread: Thread, @Context() context: RequestContext): Promise<User> {
    const activity = await loadThreadActivity(context, this.discussions, thread.id);
    return (await loadUser(context, this.accounts, activity.lastReplyAuthorId ?? thread.starterId))!;
  }

  @ResolveField(() => [Reply], { description: 'Replies, oldest first; none when a moderator hid the thread (except for moderators)' })
  async replies(@Parent() thread: Thread, @Context() context: RequestContext): Promise<Reply[]> {
    if (!mayReadThreadText(thread, context.viewer)) return [];
    return loadReplies(context, this.discussions, thread.id);
  }
}

@Resolver(() => Reply)
export class RepliesResolver {
  constructor(
    private readonly discussions: DiscussionsService,
    private readonly accounts: AccountsService,
    private readonly renderer: MarkdownRenderer,
  ) {}

  @ResolveField(() => User)
  async author(@Parent() reply: Reply, @Context() context: RequestContext): Promise<User> {
    return (await loadUser(context, this.accounts, reply.authorId))!;
  }

  @ResolveField(() => String, { nullable: true, description: 'The reply as sanitised HTML; null when its text was not kept, its author deleted it, or a moderator hid it or its thread (except for moderators)' })
  async bodyHtml(@Parent() reply: Reply, @Context() context: RequestContext): Promise<string | null> {
    if (!(await mayReadReplyText(context, this.discussions, reply))) return null;
    return reply.body === null || reply.deletedAt ? null : this.renderer.render(reply.body);
  }

  @ResolveField(() => Boolean, { description: 'True for an imported reply whose text the 2008 capture did not keep' })
  textNotKept(@Parent() reply: Reply): boolean {
    return reply.body === null && !reply.deletedAt;
  }

  @ResolveField(() => PostReference, { description: 'The post this reply answers' })
  async inReplyTo(@Parent() reply: Reply, @Context() context: RequestContext): Promise<PostReference> {
    // The excerpt is shown only where the post's own words would be (the same rules as bodyHtml).
    if (reply.parentReplyId !== null) {
      const parent = (await loadReply(context, this.discussions, reply.parentReplyId))!;
      const readable = parent.body !== null && !parent.deletedAt && (await mayReadReplyText(context, this.discussions, parent));
      return { replyId: parent.id, author: (await loadUser(context, this.accounts, parent.authorId))!, createdAt: parent.createdAt, excerpt: readable ? excerptOf(parent.body!) : null };
    }
    const thread = (await loadThread(context, this.discussions, reply.threadId))!;
    const readable = !thread.hiddenAt || mayReadHidden(context.viewer);
    return { replyId: null, author: (await loadUser(context, this.accounts, thread.starterId))!, createdAt: thread.createdAt, excerpt: readable ? excerptOf(thread.body) : null };
  }
}

@Resolver(() => Page)
export class PageThreadsResolver {
  constructor(private readonly discussions: DiscussionsService) {}

  @ResolveField(() => ThreadList, { description: "The page's threads, newest activity first" })
  async threads(@Parent() page: Page, @Args('limit', { type: () => Int, defaultValue: 3 }) limit: number, @Context() context: RequestContext): Promise<ThreadList> {
    const { totalCount, threads } = await this.discussions.threadsOfPage(page.id, clampLimit(limit), context.viewer?.user.id ?? null);
    primeThreadReads(context, threads);
    return { totalCount, threads: threads.map((read) => read.thread) };
  }
}
