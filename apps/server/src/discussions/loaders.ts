import { primeUsers } from '../accounts/user-loader';
import type { RequestContext } from '../graphql/request-context';
import { primeWatching } from '../notifications/watching-loader';
import { mayReadHidden, mayReadThreadText } from '../accounts/access';
import type { ThreadActivity } from './discussion.models';
import type { DiscussionsService, ThreadRead, ThreadViewRead } from './discussions.service';
import type { Reply } from './reply.entity';
import type { Thread } from './thread.entity';

export function loadThreadActivity(context: RequestContext, discussions: DiscussionsService, threadId: number): Promise<ThreadActivity> {
  return context.loaders
    .get<number, ThreadActivity>('threadActivity', (ids) => discussions.activityByThreadIds(ids))
    .load(threadId);
}

export function loadReplies(context: RequestContext, discussions: DiscussionsService, threadId: number): Promise<Reply[]> {
  return context.loaders.get<number, Reply[]>('repliesByThread', (ids) => discussions.repliesByThreadIds(ids)).load(threadId);
}

export function loadReply(context: RequestContext, discussions: DiscussionsService, id: number): Promise<Reply | null> {
  return context.loaders.get<number, Reply | null>('repliesById', (ids) => discussions.repliesByIds(ids)).load(id);
}

export function loadThread(context: RequestContext, discussions: DiscussionsService, id: number): Promise<Thread | null> {
  return context.loaders.get<number, Thread | null>('threadsById', (ids) => discussions.threadsByIds(ids)).load(id);
}

/** Whether the viewer may read a reply's words: not when a moderator hid it or its thread (moderators may). */
export async function mayReadReplyText(context: RequestContext, discussions: DiscussionsService, reply: Reply): Promise<boolean> {
  if (mayReadHidden(context.viewer)) return true;
  if (reply.hiddenAt) return false;
  const thread = await loadThread(context, discussions, reply.threadId);
  return thread !== null && mayReadThreadText(thread, context.viewer);
}

/** Hands what a thread list's one statement read to the loaders the threads' fields use. */
export function primeThreadReads(context: RequestContext, reads: readonly ThreadRead[]): void {
  context.loaders.prime('threadsById', reads.map((read) => [read.thread.id, read.thread] as const));
  context.loaders.prime('threadActivity', reads.map((read) => [read.thread.id, read.activity] as const));
  primeUsers(context, reads.flatMap((read) => read.users));
  primeWatching(context, 'thread_id', reads.map((read) => [read.thread.id, read.watching] as const));
}

/** Hands what a thread view's one statement read to the loaders its fields use. */
export function primeThreadView(context: RequestContext, read: ThreadViewRead): void {
  const { loaders } = context;
  const { thread } = read;
  loaders.prime('threadsById', [[thread.id, thread]]);
  if (read.page) loaders.prime('pagesById', [[read.page.id, read.page]]);
  primeUsers(context, read.users);
  // Loader names as in votes.resolver.ts; the answers were read for this viewer.
  loaders.prime('valuableByThread', [[thread.id, read.valuable]]);
  primeWatching(context, 'thread_id', [[thread.id, read.watching]]);
  // Read for this viewer; the fields that use it mark the request personal (thread-reading.resolver.ts).
  if (read.reading) loaders.prime('threadReading', [[thread.id, read.reading]]);
  if (read.replies) {
    loaders.prime('repliesByThread', [[thread.id, read.replies.map((item) => item.reply)]]);
    loaders.prime('repliesById', read.replies.map((item) => [item.reply.id, item.reply] as const));
    loaders.prime('valuableByReply', read.replies.map((item) => [item.reply.id, item.valuable] as const));
  }
}
