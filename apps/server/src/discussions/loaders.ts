import type { RequestContext } from '../graphql/request-context';
import { mayReadHidden, mayReadThreadText } from '../moderation/visibility';
import type { ThreadActivity } from './discussion.models';
import type { DiscussionsService } from './discussions.service';
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
