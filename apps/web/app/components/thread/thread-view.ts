import { formatDateTime } from '../../format';
import type { ReplyView } from '../../thread.server';
import { moderationFieldId } from '../PostModeration';

/** Replies nest visually to this depth; deeper answers are shown at it and say whom they answer. */
const MAX_DEPTH = 4;

/** "hadleyac’s reply of 17 November 2008, 12:10": names each post uniquely for its actions. */
export function replyName(reply: ReplyView, own: boolean): string {
  return `${own ? 'your' : `${reply.author.displayName}’s`} reply of ${formatDateTime(reply.createdAt)}`;
}

/** The replies as a tree for display: children in order, nothing deeper than MAX_DEPTH. */
export function displayTree(replies: ReplyView[]): Map<number | null, ReplyView[]> {
  const byId = new Map(replies.map((reply) => [reply.id, reply]));
  const children = new Map<number | null, ReplyView[]>();
  for (const reply of replies) {
    // A reply deeper than MAX_DEPTH is shown beside its ancestor at MAX_DEPTH, saying whom it answers.
    let parent = reply.parent ? (byId.get(reply.parent.id) ?? null) : null;
    while (parent && parent.depth >= MAX_DEPTH) parent = parent.parent ? (byId.get(parent.parent.id) ?? null) : null;
    const key = parent?.id ?? null;
    children.set(key, [...(children.get(key) ?? []), reply]);
  }
  return children;
}

/** The field an answer's errors are shown at (and the error summary links to). */
export function answerFieldId(target: string): string {
  const [kind, id] = target.split(':');
  if (kind === 'reply') return `reply-body-${id}`;
  if (kind === 'edit') return `edit-body-${id}`;
  if (kind === 'thread') return `thread-${id}-reason`;
  if (/^(report|hide|unhide|dismiss)-/.test(kind)) return moderationFieldId(target);
  return 'replies-heading';
}
