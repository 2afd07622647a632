import { PASSWORD, type Person, type TestDatabase, uniqueUsername } from './accounts';

/*
 * Every HTML form action on the site that changes something, with a post that would work and a
 * way to tell from the database whether it did. forms-security.spec.ts and
 * forms-authorisation.spec.ts both send these.
 */

export type ActionId = 'register' | 'signIn' | 'signOut' | 'changePassword' | 'changeRole' | 'suspend' | 'restore' | 'setPassword';

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
