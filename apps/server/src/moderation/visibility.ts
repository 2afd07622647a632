import type { Viewer } from '../accounts/sessions.service';
import { UserRole } from '../accounts/user.entity';

/** Whether the viewer may read the text of hidden posts: moderators and administrators who are not suspended. */
export function mayReadHidden(viewer: Viewer | null | undefined): boolean {
  return Boolean(viewer && !viewer.user.suspendedAt && (viewer.user.role === UserRole.Moderator || viewer.user.role === UserRole.Admin));
}

/**
 * Whether the viewer may read a thread's words (subject, tags, opening post, replies): not when a
 * moderator hid the thread, unless the viewer may read hidden posts. Its starter and repliers are
 * no exception, as with a hidden reply: hiding is the moderators' call, and what they hid is theirs.
 */
export function mayReadThreadText(thread: { hiddenAt: Date | null }, viewer: Viewer | null | undefined): boolean {
  return thread.hiddenAt === null || mayReadHidden(viewer);
}
