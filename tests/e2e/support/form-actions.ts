import { createHash, randomBytes } from 'node:crypto';
import { PASSWORD, type Person, type TestDatabase, uniqueUsername } from './accounts';

/*
 * Every HTML form action on the site that changes something, with a post that would work and a
 * way to tell from the database whether it did. forms-security.spec.ts and
 * forms-authorisation.spec.ts both send these.
 */

export type ActionId = 'register' | 'signIn' | 'signOut' | 'changePassword' | 'changeEmail' | 'deleteAccount' | 'resetPassword' | 'confirmEmail' | 'changeRole' | 'suspend' | 'restore' | 'setPassword';

export interface PreparedPost {
  fields: Record<string, string>;
  /** Whether the post did what it asks, read from the database. */
  changed(): Promise<boolean>;
}

export interface FormAction {
  id: ActionId;
  /** How the test names it. */
  label: string;
  /** Where its form posts. */
  path: string;
  /** Where a successful post redirects (303). */
  success: RegExp;
  /** Makes what the post acts on, for `actor` (null: anonymous, `token` their session). */
  prepare(db: TestDatabase, actor: { person: Person; token: string } | null): Promise<PreparedPost>;
}

const NEW_PASSWORD = 'saffron quarry tundra bell';

/** A link's token as the server makes one, and what it keeps of it. */
function linkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: createHash('sha256').update(token).digest('hex') };
}

/** A person for an administrator's form to act on: early in the alphabet, so admin page rows stay near the top. */
function target(db: TestDatabase, options: { suspendedReason?: string } = {}): Promise<Person> {
  return db.createPerson({ name: 'aa-target', ...options });
}

export const FORM_ACTIONS: FormAction[] = [
  {
    id: 'register',
    label: 'register (/register)',
    path: '/register',
    success: /^\/users\/[^/]+$/,
    async prepare(db) {
      const username = uniqueUsername('registered');
      return {
        fields: { username, displayName: 'Rae Registered', email: '', password: PASSWORD },
        changed: async () => (await db.account(username)) !== null,
      };
    },
  },
  {
    id: 'signIn',
    label: 'sign in (/sign-in)',
    path: '/sign-in',
    success: /^\/users\/[^/]+$/,
    async prepare(db) {
      const person = await db.createPerson({ name: 'signs-in' });
      return {
        fields: { username: person.username, password: PASSWORD },
        changed: async () => (await db.sessionCount(person.id)) > 0,
      };
    },
  },
  {
    id: 'signOut',
    label: 'sign out (/sign-out)',
    path: '/sign-out',
    success: /^\/$/,
    async prepare(db, actor) {
      return { fields: {}, changed: async () => actor !== null && !(await db.sessionExists(actor.token)) };
    },
  },
  {
    id: 'changePassword',
    label: 'change password (/account/password)',
    path: '/account/password',
    success: /^\/account\/password\?changed=1$/,
    async prepare(db, actor) {
      return {
        fields: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        changed: async () => actor !== null && !(await db.passwordIs(actor.person.username, PASSWORD)),
      };
    },
  },
  {
    id: 'changeEmail',
    label: 'change email address (/account/email)',
    path: '/account/email',
    success: /^\/account\/email\?changed=1$/,
    async prepare(db, actor) {
      const email = `${uniqueUsername('changed')}@example.test`;
      return {
        fields: { email, currentPassword: PASSWORD },
        changed: async () => actor !== null && (await db.query('SELECT 1 FROM users WHERE id = $1 AND email = $2', [actor.person.id, email])).length === 1,
      };
    },
  },
  {
    id: 'deleteAccount',
    label: 'delete your account (/account/delete)',
    path: '/account/delete',
    success: /^\/account\/deleted$/,
    async prepare(db, actor) {
      // Another administrator, so that an administrator deleting their account is never the only one.
      await db.createPerson({ name: 'other-admin', role: 'admin' });
      return {
        fields: { password: PASSWORD },
        changed: async () => actor !== null && (await db.query('SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NOT NULL', [actor.person.id])).length === 1,
      };
    },
  },
  {
    // The link from a reset email, made here as the server's mail job makes it (the suite's server sends no email).
    id: 'resetPassword',
    label: 'reset a password with a link (/reset-password)',
    path: '/reset-password',
    success: /^\/account\/password\?changed=1$/,
    async prepare(db) {
      const person = await db.createPerson({ name: 'resets' });
      const { token, hash } = linkToken();
      await db.query(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '30 minutes')`, [hash, person.id]);
      return { fields: { token, newPassword: NEW_PASSWORD }, changed: () => db.passwordIs(person.username, NEW_PASSWORD) };
    },
  },
  {
    id: 'confirmEmail',
    label: 'confirm an email address with a link (/confirm-email)',
    path: '/confirm-email',
    success: /^\/confirm-email\?confirmed=1$/,
    async prepare(db) {
      const person = await db.createPerson({ name: 'confirms' });
      const email = `${person.username}@example.test`;
      const { token, hash } = linkToken();
      await db.query('UPDATE users SET email = $2 WHERE id = $1', [person.id, email]);
      await db.query(`INSERT INTO email_confirmations (token_hash, user_id, email, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`, [hash, person.id, email]);
      return {
        fields: { token },
        changed: async () => (await db.query('SELECT 1 FROM users WHERE id = $1 AND email_confirmed_at IS NOT NULL', [person.id])).length === 1,
      };
    },
  },
  {
    id: 'changeRole',
    label: 'change role (/admin/users, intent changeRole)',
    path: '/admin/users',
    success: /^\/admin\/users\?done=changeRole&username=[^&]+$/,
    async prepare(db) {
      const person = await target(db);
      return {
        fields: { intent: 'changeRole', username: person.username, role: 'Moderator' },
        changed: async () => (await db.account(person.username))?.role !== 'participant',
      };
    },
  },
  {
    id: 'suspend',
    label: 'suspend (/admin/users, intent suspend)',
    path: '/admin/users',
    success: /^\/admin\/users\?done=suspend&username=[^&]+$/,
    async prepare(db) {
      const person = await target(db);
      return {
        fields: { intent: 'suspend', username: person.username, reason: 'Forged by a test' },
        changed: async () => (await db.account(person.username))?.suspended === true,
      };
    },
  },
  {
    id: 'restore',
    label: 'restore (/admin/users, intent restore)',
    path: '/admin/users',
    success: /^\/admin\/users\?done=restore&username=[^&]+$/,
    async prepare(db) {
      const person = await target(db, { suspendedReason: 'Suspended by a test' });
      return {
        fields: { intent: 'restore', username: person.username },
        changed: async () => (await db.account(person.username))?.suspended === false,
      };
    },
  },
  {
    id: 'setPassword',
    label: 'set password (/admin/users, intent setPassword)',
    path: '/admin/users',
    success: /^\/admin\/users\?done=setPassword&username=[^&]+$/,
    async prepare(db) {
      const person = await target(db);
      return {
        fields: { intent: 'setPassword', username: person.username, newPassword: NEW_PASSWORD },
        changed: async () => !(await db.passwordIs(person.username, PASSWORD)),
      };
    },
  },
];
