import type { Viewer } from '../accounts/sessions.service';
import { UserRole } from '../accounts/user.entity';

/** Whether the viewer may read the text of hidden posts: moderators and administrators who are not suspended. */
export function mayReadHidden(viewer: Viewer | null | undefined): boolean {
  return Boolean(viewer && !viewer.user.suspendedAt && (viewer.user.role === UserRole.Moderator || viewer.user.role === UserRole.Admin));
}
