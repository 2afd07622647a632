import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { DataChangedNotifications1763900000001 } from './1763900000001-data-changed-notifications';
import { AccountsAndSessions1763900000002 } from './1763900000002-accounts-and-sessions';
import { WikiEditing1763900000003 } from './1763900000003-wiki-editing';
import { Search1763900000004 } from './1763900000004-search';
import { Curation1763900000005 } from './1763900000005-curation';
import { Discussions1763900000006 } from './1763900000006-discussions';
import { Notifications1763900000007 } from './1763900000007-notifications';
import { Moderation1763900000008 } from './1763900000008-moderation';
import { Notified1763900000009 } from './1763900000009-notified';
import { LiveUpdatesPreference1763900000010 } from './1763900000010-live-updates-preference';
import { DeletedReplyText1763900000011 } from './1763900000011-deleted-reply-text';
import { PageSaveIdempotency1763900000012 } from './1763900000012-page-save-idempotency';
import { ScopedDataChanges1763900000013 } from './1763900000013-scoped-data-changes';
import { PeoplePrivateChanges1763900000014 } from './1763900000014-people-private-changes';
import { ChangeScopesPlannedOnce1763900000015 } from './1763900000015-change-scopes-planned-once';
import { ColourScheme1763900000016 } from './1763900000016-colour-scheme';
import { PasswordResets1763900000017 } from './1763900000017-password-resets';
import { EmailConfirmation1763900000018 } from './1763900000018-email-confirmation';
import { TwoStepSignIn1763900000019 } from './1763900000019-two-step-sign-in';
import { SiteSettingsAndInvitations1763900000021 } from './1763900000021-site-settings-and-invitations';
import { AccountDeletion1763900000023 } from './1763900000023-account-deletion';
import { ThreadReading1763900000024 } from './1763900000024-thread-reading';
import { Drafts1763900000025 } from './1763900000025-drafts';
import { EmailReplies1763900000026 } from './1763900000026-email-replies';
import { MediawikiImport1763900000027 } from './1763900000027-mediawiki-import';
import { Files1763900000028 } from './1763900000028-files';
import { MentionNotifications1763900000029 } from './1763900000029-mention-notifications';
import { MediawikiImportRuns1763900000033 } from './1763900000033-mediawiki-import-runs';

/** Every migration, in order. The schema changes only through these; `synchronize` is never used. */
export const migrations = [
  InitialSchema1763900000000,
  DataChangedNotifications1763900000001,
  AccountsAndSessions1763900000002,
  WikiEditing1763900000003,
  Search1763900000004,
  Curation1763900000005,
  Discussions1763900000006,
  Notifications1763900000007,
  Moderation1763900000008,
  Notified1763900000009,
  LiveUpdatesPreference1763900000010,
  DeletedReplyText1763900000011,
  PageSaveIdempotency1763900000012,
  ScopedDataChanges1763900000013,
  PeoplePrivateChanges1763900000014,
  ChangeScopesPlannedOnce1763900000015,
  ColourScheme1763900000016,
  PasswordResets1763900000017,
  EmailConfirmation1763900000018,
  TwoStepSignIn1763900000019,
  SiteSettingsAndInvitations1763900000021,
  AccountDeletion1763900000023,
  ThreadReading1763900000024,
  Drafts1763900000025,
  EmailReplies1763900000026,
  MediawikiImport1763900000027,
  Files1763900000028,
  MentionNotifications1763900000029,
  MediawikiImportRuns1763900000033,
];
