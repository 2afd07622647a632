import { SESSION_COOKIE } from '../http/cookies';
import { countStatements } from '../testing/count-statements';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { user { username displayName role } errors { field code message } } }';
const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { user { username } errors { field code message } } }';
const VIEWER = '{ viewer { username suspended suspendedReason } }';

type Errors = { field: string | null; code: string; message: string }[];
const sessionCookie = (setCookie: string[]) => setCookie.find((cookie) => cookie.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0];

describe('accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  const register = (input: Record<string, string>) => t.driver.anonymous.query<{ register: { user: { username: string } | null; errors: Errors } }>(REGISTER, { i: { displayName: 'A person', password: 'a long unusual passphrase', ...input } });

  it('registers a person, signs them in with an HTTP-only, SameSite=Lax session cookie, and hashes the password with argon2id', async () => {
    const response = await register({ username: 'Ada.Lovelace', displayName: '  Ada   Lovelace ', email: 'ada@example.com' });
    expect(response.data!.register).toEqual({ user: { username: 'Ada.Lovelace', displayName: 'Ada Lovelace', role: 'Participant' }, errors: [] });
    const cookie = response.setCookie.find((line) => line.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const viewer = await t.driver.as({ cookie: sessionCookie(response.setCookie)! }).query<{ viewer: { username: string } }>(VIEWER);
    expect(viewer.data!.viewer.username).toBe('Ada.Lovelace');
    const [row] = await t.dataSource.query(`SELECT password_hash FROM users WHERE username = 'Ada.Lovelace'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a username that is taken in another case or another Unicode form, at the field', async () => {
    await register({ username: 'grace' });
    for (const username of ['GRACE', 'ｇｒａｃｅ']) {
      const { data } = await register({ username });
      expect(data!.register.errors).toEqual([{ field: 'username', code: 'USERNAME_TAKEN', message: 'That username is taken: choose another' }]);
    }
  });

  it.each([
    ['a look-alike letter from another script', { username: 'grаce' }, 'username', 'INVALID_USERNAME'],
    ['a username that is too long', { username: 'x'.repeat(31) }, 'username', 'INVALID_USERNAME'],
    ['a display name with a control character', { username: 'ctrl', displayName: 'Bad\u202Ename' }, 'displayName', 'INVALID_DISPLAY_NAME'],
    ['a display name that is too long', { username: 'longname', displayName: 'n'.repeat(61) }, 'displayName', 'INVALID_DISPLAY_NAME'],
    ['a short password', { username: 'shortpw', password: 'short' }, 'password', 'WEAK_PASSWORD'],
    ['a common password', { username: 'commonpw', password: 'Password123' }, 'password', 'WEAK_PASSWORD'],
    ['a password containing the username', { username: 'florence', password: 'florence-nightingale' }, 'password', 'WEAK_PASSWORD'],
    ['an email address in the wrong format', { username: 'bademail', email: 'not an address' }, 'email', 'INVALID_EMAIL'],
  ])('refuses %s with a message at the field', async (_what, input, field, code) => {
    const { data } = await register(input);
    expect(data!.register.user).toBeNull();
    expect(data!.register.errors).toEqual([expect.objectContaining({ field, code, message: expect.any(String) })]);
  });

  it('gives one generic message for a wrong password and for an unknown username, after similar work', async () => {
    await register({ username: 'mary', password: 'the right passphrase' });
    const time = async (input: Record<string, string>) => {
      const started = process.hrtime.bigint();
      const response = await t.driver.anonymous.query<{ signIn: { errors: Errors } }>(SIGN_IN, { i: input });
      return { errors: response.data!.signIn.errors, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const wrongPassword = await time({ username: 'mary', password: 'not the passphrase' });
    const unknownUser = await time({ username: 'nobody-at-all', password: 'not the passphrase' });
    const expected = [{ field: null, code: 'WRONG_SIGN_IN', message: 'The username or password is not right' }];
    expect(wrongPassword.errors).toEqual(expected);
    expect(unknownUser.errors).toEqual(expected);
    // Both verify an argon2 hash (tens of ms); an unknown name must not answer in a fraction of that.
    expect(unknownUser.ms).toBeGreaterThan(wrongPassword.ms * 0.5);
  });

  it('cannot sign in to a seeded account until an administrator sets its password', async () => {
    const before = await t.driver.anonymous.query<{ signIn: { errors: Errors } }>(SIGN_IN, { i: { username: 'davemiller', password: 'anything at all here' } });
    expect(before.data!.signIn.errors[0].code).toBe('WRONG_SIGN_IN');
    const admin = await signedIn(t, 'admin');
    const set = await t.driver.as(admin).query('mutation { setUserPassword(input: { username: "davemiller", newPassword: "realistic mechanisms 2008" }) { errors { code } } }');
    expect(set.data).toEqual({ setUserPassword: { errors: [] } });
    const after = await t.driver.anonymous.query<{ signIn: { user: { username: string }; errors: Errors } }>(SIGN_IN, { i: { username: 'DaveMiller', password: 'realistic mechanisms 2008' } });
    expect(after.data!.signIn).toEqual({ user: { username: 'davemiller' }, errors: [] });
  });

  it('gives the browser a new CSRF token when someone signs in or out, so a planted token stops working', async () => {
    const planted = 'commonplace_csrf=planted-by-someone-else-0123456789abcdef';
    const newToken = (setCookie: string[]) => setCookie.filter((line) => line.startsWith('commonplace_csrf=')).map((line) => line.split(';')[0]);
    const registered = await t.driver.as({ cookie: planted }).query(REGISTER, { i: { username: 'rotator', displayName: 'Rotator', password: 'a long unusual passphrase' } });
    expect(newToken(registered.setCookie)).toHaveLength(1);
    expect(newToken(registered.setCookie)[0]).not.toBe(planted);
    const signOut = await t.driver.as({ cookie: `${sessionCookie(registered.setCookie)}; ${planted}` }).query('mutation { signOut }');
    expect(newToken(signOut.setCookie)).toHaveLength(1);
    expect(newToken(signOut.setCookie)[0]).not.toBe(planted);
  });

  it('ends the session on the server when signing out', async () => {
    const { setCookie } = await register({ username: 'leaver' });
    const cookie = sessionCookie(setCookie)!;
    await t.driver.as({ cookie }).query('mutation { signOut }');
    const viewer = await t.driver.as({ cookie }).query<{ viewer: unknown }>(VIEWER);
    expect(viewer.data!.viewer).toBeNull();
  });

  it('ends a session after a week without a visit', async () => {
    const { setCookie } = await register({ username: 'sleeper' });
    const cookie = sessionCookie(setCookie)!;
    await t.dataSource.query(`UPDATE sessions SET last_seen_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE user_id = (SELECT id FROM users WHERE username = 'sleeper')`);
    const viewer = await t.driver.as({ cookie }).query<{ viewer: unknown }>(VIEWER);
    expect(viewer.data!.viewer).toBeNull();
    expect(viewer.setCookie.some((line) => line.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    expect(await t.dataSource.query(`SELECT 1 FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'sleeper')`)).toEqual([]);
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const first = sessionCookie((await register({ username: 'changer', password: 'first long passphrase' })).setCookie)!;
    const second = sessionCookie((await t.driver.anonymous.query(SIGN_IN, { i: { username: 'changer', password: 'first long passphrase' } })).setCookie)!;
    const wrong = await t.driver.as({ cookie: first }).query<{ changePassword: { errors: Errors } }>('mutation { changePassword(input: { currentPassword: "not it at all", newPassword: "second long passphrase" }) { errors { field code } } }');
    expect(wrong.data!.changePassword.errors).toEqual([{ field: 'currentPassword', code: 'WRONG_PASSWORD' }]);
    const changed = await t.driver.as({ cookie: first }).query<{ changePassword: { errors: Errors } }>('mutation { changePassword(input: { currentPassword: "first long passphrase", newPassword: "second long passphrase" }) { errors { field code } } }');
    expect(changed.data!.changePassword.errors).toEqual([]);
    expect((await t.driver.as({ cookie: first }).query<{ viewer: { username: string } }>(VIEWER)).data!.viewer.username).toBe('changer');
    expect((await t.driver.as({ cookie: second }).query<{ viewer: unknown }>(VIEWER)).data!.viewer).toBeNull();
    const signIn = await t.driver.anonymous.query<{ signIn: { errors: Errors } }>(SIGN_IN, { i: { username: 'changer', password: 'second long passphrase' } });
    expect(signIn.data!.signIn.errors).toEqual([]);
  });

  it('lets a suspended person sign in and read, tells them why, and refuses their writes', async () => {
    await register({ username: 'suspendme', password: 'suspended passphrase' });
    const admin = await signedIn(t, 'admin');
    await t.driver.as(admin).query('mutation { suspendUser(input: { username: "suspendme", reason: "Posting advertisements" }) { errors { code } } }');
    const signIn = await t.driver.anonymous.query<{ signIn: { errors: Errors } }>(SIGN_IN, { i: { username: 'suspendme', password: 'suspended passphrase' } });
    const cookie = sessionCookie(signIn.setCookie)!;
    const viewer = await t.driver.as({ cookie }).query<{ viewer: { suspended: boolean; suspendedReason: string } }>(VIEWER);
    expect(viewer.data!.viewer).toEqual({ username: 'suspendme', suspended: true, suspendedReason: 'Posting advertisements' });
    const write = await t.driver.as({ cookie }).query('mutation { changePassword(input: { currentPassword: "suspended passphrase", newPassword: "another passphrase here" }) { errors { code } } }');
    expect(write.errors?.[0]).toMatchObject({ message: 'Your account is suspended: Posting advertisements', extensions: { code: 'ACCOUNT_SUSPENDED' } });
    const page = await t.driver.as({ cookie }).query<{ page: { title: string } }>('{ page(slug: "emerging-issues") { title } }');
    expect(page.data!.page.title).toBe('Emerging issues');
  });

  it('keeps the last administrator an administrator', async () => {
    await t.dataSource.query(`UPDATE users SET role = 'participant' WHERE role = 'admin'`);
    const admin = await signedIn(t, 'admin');
    const demote = await t.driver.as(admin).query<{ changeUserRole: { errors: Errors } }>(`mutation { changeUserRole(input: { username: "${admin.username}", role: Participant }) { errors { code } } }`);
    expect(demote.data!.changeUserRole.errors).toEqual([{ code: 'LAST_ADMIN' }]);
  });

  it('lists everyone to an administrator a page at a time, by username, every person once; a made-up cursor or size is refused', async () => {
    const admin = await signedIn(t, 'admin');
    type Listed = { users: { totalCount: number; edges: { node: { username: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const LIST = 'query($after: String) { users(first: 7, after: $after) { totalCount edges { node { username } } pageInfo { hasNextPage endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 100; page++) {
      const listed: Listed = (await t.driver.as(admin).query<Listed>(LIST, { after })).data!;
      expect(listed.users.edges.length).toBeLessThanOrEqual(7);
      seen.push(...listed.users.edges.map((edge) => edge.node.username));
      totalCount = listed.users.totalCount;
      if (!listed.users.pageInfo.hasNextPage) break;
      after = listed.users.pageInfo.endCursor;
    }
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM users');
    expect(totalCount).toBe(count);
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    const mangled = await t.driver.as(admin).query('{ users(after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expect(mangled.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await t.driver.as(admin).query('{ users(first: 101) { totalCount } }');
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("tells an administrator who has a password with one statement for the page of people, not one a person", async () => {
    const admin = await signedIn(t, 'admin');
    expect((await register({ username: 'aaa-has-a-password' })).data?.register.errors).toEqual([]);
    type Listed = { users: { edges: { node: { username: string; hasPassword: boolean } }[] } };
    let listed: Listed | undefined;
    const statements = await countStatements(async () => {
      listed = (await t.driver.as(admin).query<Listed>('{ users(first: 50) { edges { node { username hasPassword } } } }')).data!;
    });
    const people = listed!.users.edges.map((edge) => edge.node);
    expect(people.length).toBeGreaterThan(5);
    expect(statements.filter((statement) => /password_hash"? IS NOT NULL/i.test(statement))).toHaveLength(1);
    const withPasswords: { username: string }[] = await t.dataSource.query('SELECT username FROM users WHERE password_hash IS NOT NULL');
    const expected = new Set(withPasswords.map((row) => row.username));
    expect(people.find((person) => person.username === 'aaa-has-a-password')?.hasPassword).toBe(true);
    expect(people.some((person) => !person.hasPassword)).toBe(true);
    for (const person of people) expect(person.hasPassword).toBe(expected.has(person.username));
  });
});
