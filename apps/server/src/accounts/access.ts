import { SetMetadata } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { Viewer } from './sessions.service';
import { UserRole } from './user.entity';

/** Who may call a query or mutation. Every mutation must say; queries are public unless they say. */
export enum Access {
  /** Anyone, signed in or not. */
  Public = 'public',
  /** A signed-in person who is not suspended: every write. */
  SignedIn = 'signed-in',
  /** Signed in, even if suspended: only for leaving (sign out). */
  SignedInEvenIfSuspended = 'signed-in-even-if-suspended',
  Moderator = 'moderator',
  Admin = 'admin',
}

export const ACCESS_KEY = 'commonplace:access';

/** The access rule of a resolver method, checked by AuthorizationGuard. */
export const Allow = (access: Access) => SetMetadata(ACCESS_KEY, access);

export type AccessErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'ACCOUNT_SUSPENDED' | 'TWO_STEP_SETUP_REQUIRED';

export function accessError(code: AccessErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

const RANK: Record<UserRole, number> = { [UserRole.Participant]: 0, [UserRole.Moderator]: 1, [UserRole.Admin]: 2 };

/**
 * Whether this site requires two-step sign-in of moderators and administrators
 * (REQUIRE_TWO_STEP_FOR_STAFF=true). Read on each call, so it is whatever the process was started with.
 */
export function twoStepRequiredForStaff(): boolean {
  return process.env.REQUIRE_TWO_STEP_FOR_STAFF === 'true';
}

/**
 * A moderator or administrator on a site that requires two-step sign-in of them, who has not turned
 * it on: until they do they may only set it up, read what anyone reads, and sign out.
 */
export function mustSetUpTwoStep(user: { role: UserRole; twoStepEnabledAt: Date | null }): boolean {
  return twoStepRequiredForStaff() && RANK[user.role] >= RANK[UserRole.Moderator] && !user.twoStepEnabledAt;
}

/** A moderator or administrator who is not suspended (a suspended one reads what a participant reads) and has two-step sign-in if it is required. */
export function actsAsModerator(viewer: Viewer | null | undefined): boolean {
  return Boolean(viewer && !viewer.user.suspendedAt && RANK[viewer.user.role] >= RANK[UserRole.Moderator] && !mustSetUpTwoStep(viewer.user));
}

/** Throws the typed error for a viewer who may not do what `access` guards; the service layer calls it too. */
export function assertAccess(viewer: Viewer | null, access: Access): void {
  if (access === Access.Public) return;
  if (!viewer) throw accessError('UNAUTHENTICATED', 'Sign in to do this');
  if (access === Access.SignedInEvenIfSuspended) return;
  if (mustSetUpTwoStep(viewer.user)) {
    throw accessError('TWO_STEP_SETUP_REQUIRED', 'Turn on two-step sign-in first: this site requires it of moderators and administrators');
  }
  if (viewer.user.suspendedAt) {
    throw accessError('ACCOUNT_SUSPENDED', `Your account is suspended: ${viewer.user.suspendedReason ?? ''}`.trim());
  }
  if (access === Access.Moderator && RANK[viewer.user.role] < RANK[UserRole.Moderator]) {
    throw accessError('FORBIDDEN', 'Only moderators can do this');
  }
  if (access === Access.Admin && viewer.user.role !== UserRole.Admin) {
    throw accessError('FORBIDDEN', 'Only administrators can do this');
  }
}

/** Whether the viewer may read the text of hidden posts: whoever acts as a moderator. */
export function mayReadHidden(viewer: Viewer | null | undefined): boolean {
  return actsAsModerator(viewer);
}

/**
 * Whether the viewer may read a thread's words (subject, tags, opening post, replies): not when a
 * moderator hid the thread, unless the viewer may read hidden posts. Its starter and repliers are
 * no exception, as with a hidden reply: hiding is the moderators' call, and what they hid is theirs.
 */
export function mayReadThreadText(thread: { hiddenAt: Date | null }, viewer: Viewer | null | undefined): boolean {
  return thread.hiddenAt === null || mayReadHidden(viewer);
}
