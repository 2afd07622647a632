import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

/**
 * Every code a user error can carry, so clients compare against a closed list (gql.tada types them as
 * this union) and a new code is a schema change, not a surprise. A const object rather than a TS enum:
 * the services keep writing the codes as plain literals, which the type still checks.
 */
export const UserErrorCode = {
  // Accounts and profiles
  REQUIRED: 'REQUIRED',
  INVALID_USERNAME: 'INVALID_USERNAME',
  INVALID_DISPLAY_NAME: 'INVALID_DISPLAY_NAME',
  INVALID_EMAIL: 'INVALID_EMAIL',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  WRONG_SIGN_IN: 'WRONG_SIGN_IN',
  NO_SUCH_USER: 'NO_SUCH_USER',
  SELF: 'SELF',
  LAST_ADMIN: 'LAST_ADMIN',
  RESET_UNAVAILABLE: 'RESET_UNAVAILABLE',
  RESET_LINK_INVALID: 'RESET_LINK_INVALID',
  RESET_LINK_EXPIRED: 'RESET_LINK_EXPIRED',
  RESET_LINK_USED: 'RESET_LINK_USED',
  CONFIRM_LINK_INVALID: 'CONFIRM_LINK_INVALID',
  CONFIRM_LINK_EXPIRED: 'CONFIRM_LINK_EXPIRED',
  CONFIRM_LINK_USED: 'CONFIRM_LINK_USED',
  // Invitations, site settings and first-run set-up
  INVITATIONS_UNAVAILABLE: 'INVITATIONS_UNAVAILABLE',
  TOO_MANY_ADDRESSES: 'TOO_MANY_ADDRESSES',
  ALREADY_HAS_ACCOUNT: 'ALREADY_HAS_ACCOUNT',
  INVITATION_NOT_PENDING: 'INVITATION_NOT_PENDING',
  INVITATION_REQUIRED: 'INVITATION_REQUIRED',
  INVITATION_INVALID: 'INVITATION_INVALID',
  INVITATION_EXPIRED: 'INVITATION_EXPIRED',
  INVITATION_USED: 'INVITATION_USED',
  INVALID_SITE_NAME: 'INVALID_SITE_NAME',
  SETUP_LINK_INVALID: 'SETUP_LINK_INVALID',
  TWO_STEP_CODE_WRONG: 'TWO_STEP_CODE_WRONG',
  TWO_STEP_CODE_USED: 'TWO_STEP_CODE_USED',
  TWO_STEP_PENDING_EXPIRED: 'TWO_STEP_PENDING_EXPIRED',
  TWO_STEP_ALREADY_ON: 'TWO_STEP_ALREADY_ON',
  TWO_STEP_NOT_SET_UP: 'TWO_STEP_NOT_SET_UP',
  // Pages
  TITLE_REQUIRED: 'TITLE_REQUIRED',
  TITLE_TOO_LONG: 'TITLE_TOO_LONG',
  TITLE_INVALID: 'TITLE_INVALID',
  TITLE_TAKEN: 'TITLE_TAKEN',
  BODY_TOO_LONG: 'BODY_TOO_LONG',
  SUMMARY_TOO_LONG: 'SUMMARY_TOO_LONG',
  TAG_TOO_LONG: 'TAG_TOO_LONG',
  TAG_INVALID: 'TAG_INVALID',
  TOO_MANY_TAGS: 'TOO_MANY_TAGS',
  PAGE_NOT_FOUND: 'PAGE_NOT_FOUND',
  PAGE_DELETED: 'PAGE_DELETED',
  PAGE_NOT_DELETED: 'PAGE_NOT_DELETED',
  REVISION_NOT_FOUND: 'REVISION_NOT_FOUND',
  BASE_REVISION_NOT_FOUND: 'BASE_REVISION_NOT_FOUND',
  CHANGED_MEANWHILE: 'CHANGED_MEANWHILE',
  CONFLICT_MARKERS: 'CONFLICT_MARKERS',
  ALREADY_CURRENT: 'ALREADY_CURRENT',
  IDEMPOTENCY_KEY_INVALID: 'IDEMPOTENCY_KEY_INVALID',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  // Discussions
  SUBJECT_REQUIRED: 'SUBJECT_REQUIRED',
  SUBJECT_TOO_LONG: 'SUBJECT_TOO_LONG',
  BODY_REQUIRED: 'BODY_REQUIRED',
  THREAD_NOT_FOUND: 'THREAD_NOT_FOUND',
  THREAD_LOCKED: 'THREAD_LOCKED',
  THREAD_HIDDEN: 'THREAD_HIDDEN',
  REPLY_NOT_FOUND: 'REPLY_NOT_FOUND',
  REPLY_DELETED: 'REPLY_DELETED',
  REPLY_HIDDEN: 'REPLY_HIDDEN',
  MENTION_UNKNOWN: 'MENTION_UNKNOWN',
  RECOMMENDATION_NOT_ON_PAGE: 'RECOMMENDATION_NOT_ON_PAGE',
  OWN_POST: 'OWN_POST',
  // Moderation
  REASON_REQUIRED: 'REASON_REQUIRED',
  REASON_TOO_LONG: 'REASON_TOO_LONG',
  REASON_INVALID: 'REASON_INVALID',
  POST_REQUIRED: 'POST_REQUIRED',
  TARGET_REQUIRED: 'TARGET_REQUIRED',
  ALREADY_FLAGGED: 'ALREADY_FLAGGED',
  ALREADY_HIDDEN: 'ALREADY_HIDDEN',
  NOT_HIDDEN: 'NOT_HIDDEN',
  ALREADY_LOCKED: 'ALREADY_LOCKED',
  NOT_LOCKED: 'NOT_LOCKED',
  ALREADY_PINNED: 'ALREADY_PINNED',
  NOT_PINNED: 'NOT_PINNED',
  NO_OPEN_REPORTS: 'NO_OPEN_REPORTS',
  // Recommendations, areas and stars
  TEXT_REQUIRED: 'TEXT_REQUIRED',
  TEXT_TOO_LONG: 'TEXT_TOO_LONG',
  DESCRIPTION_TOO_LONG: 'DESCRIPTION_TOO_LONG',
  POSITION_REQUIRED: 'POSITION_REQUIRED',
  POSITION_INVALID: 'POSITION_INVALID',
  AREA_NOT_FOUND: 'AREA_NOT_FOUND',
  AREA_ARCHIVED: 'AREA_ARCHIVED',
  AREA_NOT_ARCHIVED: 'AREA_NOT_ARCHIVED',
  AREA_TITLE_TAKEN: 'AREA_TITLE_TAKEN',
  RECOMMENDATION_NOT_FOUND: 'RECOMMENDATION_NOT_FOUND',
  RECOMMENDATION_ARCHIVED: 'RECOMMENDATION_ARCHIVED',
  RECOMMENDATION_MERGED: 'RECOMMENDATION_MERGED',
  DUPLICATE_RECOMMENDATION: 'DUPLICATE_RECOMMENDATION',
  NOT_IN_LIST: 'NOT_IN_LIST',
  MERGE_INTO_ITSELF: 'MERGE_INTO_ITSELF',
  ALREADY_MERGED: 'ALREADY_MERGED',
  TARGET_ARCHIVED: 'TARGET_ARCHIVED',
  TARGET_MERGED: 'TARGET_MERGED',
  STAR_EXISTS: 'STAR_EXISTS',
  STAR_NOT_FOUND: 'STAR_NOT_FOUND',
  NO_STAR: 'NO_STAR',
  // Notifications
  NOTIFICATION_NOT_FOUND: 'NOTIFICATION_NOT_FOUND',
  SETTINGS_REQUIRED: 'SETTINGS_REQUIRED',
  // Drafts
  DRAFT_KEY_INVALID: 'DRAFT_KEY_INVALID',
  DRAFT_OUTDATED: 'DRAFT_OUTDATED',
  DRAFT_CLOCK_AHEAD: 'DRAFT_CLOCK_AHEAD',
  // Anywhere
  UNCHANGED: 'UNCHANGED',
  /**
   * An argument no list or form gave out, above all a cursor someone made up or mangled. It comes as a
   * GraphQL error's `extensions.code` (with `argumentName`), not in a payload: the query cannot answer.
   */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
} as const;
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'A stable code for a user error, for clients to act on (the message is for people)',
  valuesMap: {
    RESET_UNAVAILABLE: { description: 'Password reset by email is not available: the site has no SMTP_URL' },
    RESET_LINK_INVALID: { description: 'A password reset link that was never given out (altered or mistyped)' },
    RESET_LINK_EXPIRED: { description: 'A password reset link older than its time limit' },
    RESET_LINK_USED: { description: 'A password reset link already used (or made void by a later reset)' },
    CONFIRM_LINK_INVALID: { description: 'An email confirmation link never given out (altered), or for an address the account no longer has' },
    CONFIRM_LINK_EXPIRED: { description: 'An email confirmation link older than its time limit' },
    CONFIRM_LINK_USED: { description: 'An email confirmation link already used' },
    DRAFT_KEY_INVALID: { description: 'A draft key that names no form drafts are kept for' },
    DRAFT_OUTDATED: { description: 'A newer draft of the same text is already saved (from another window or browser), or the text was posted or discarded after this save was made' },
    DRAFT_CLOCK_AHEAD: { description: "The save's time is more than five minutes ahead of the server's clock" },
    TWO_STEP_CODE_WRONG: { description: 'A two-step code that is not right, not one of ours, or outside its time window (one 30-second step either side of now)' },
    TWO_STEP_CODE_USED: { description: 'A two-step code for a time step already used, or a recovery code already used' },
    TWO_STEP_PENDING_EXPIRED: { description: 'No pending sign-in for this browser (never started, expired, or too many wrong codes): sign in again' },
    TWO_STEP_ALREADY_ON: { description: 'Two-step sign-in is already on' },
    TWO_STEP_NOT_SET_UP: { description: 'Two-step sign-in was not being set up (or is not on)' },
    BAD_USER_INPUT: { description: 'A cursor (or other argument) no list gave out: sent as a GraphQL error’s extensions.code, naming argumentName' } },
});

/** A problem with what the person typed or asked for: shown at the field, or above the form when `field` is null. */
@ObjectType('UserError')
export class UserError {
  @Field(() => String, { nullable: true, description: 'The input field the message belongs to' })
  field!: string | null;

  @Field()
  message!: string;

  @Field(() => UserErrorCode, { description: 'A stable code for clients, e.g. USERNAME_TAKEN, WRONG_PASSWORD' })
  code!: UserErrorCode;
}

/** Whether a service's answer is a user error rather than what was asked for. */
export function isUserError(value: object): value is UserError {
  return 'code' in value && 'message' in value;
}
