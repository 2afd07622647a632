import { Secret, TOTP } from 'otpauth';
import { PasswordHasher } from './password-hasher.service';
import { RESET_LINK_MINUTES, RESET_QUEUE, RESETS_PER_ACCOUNT_PER_HOUR, RESETS_PER_NAME_PER_HOUR } from './password-resets.service';
import { signedIn } from '../testing/people';
import { createMailTestApp, type MailTestApp } from '../testing/mail-test-app';
import { until } from '../testing/smtp-sink';
import { createTestApp, type TestApp } from '../testing/test-app';

const REQUEST = 'mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { errors { field code message } } }';
const RESET = 'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { user { username } errors { field code message } } }';
const LINK = 'query($t: String!) { passwordResetLink(token: $t) { status username } }';
const VIEWER = '{ viewer { username } }';
const OLD_PASSWORD = 'the first long passphrase';
const NEW_PASSWORD = 'a brand new long passphrase';

let addresses = 0;
/** Each request from its own address (the app trusts one proxy hop), so the per-address limit is not what a test meets unless it means to. */
const fromNewAddress = () => ({ 'x-forwarded-for': `203.0.${Math.floor(++addresses / 250)}.${addresses % 250}` });

describe('password reset without SMTP_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    delete process.env.SMTP_URL;
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('says reset by email is not available here, and mails nothing', async () => {
    const available = await t.driver.anonymous.data<{ passwordResetByEmail: boolean }>('{ passwordResetByEmail }');
    expect(available.passwordResetByEmail).toBe(false);
    const answer = await t.driver.anonymous.data<{ requestPasswordReset: { errors: { code: string; message: string }[] } }>(REQUEST, { i: { usernameOrEmail: 'anyone' } });
    expect(answer.requestPasswordReset.errors).toEqual([expect.objectContaining({ code: 'RESET_UNAVAILABLE', message: expect.stringContaining('Ask an administrator') })]);
  });
});

describe('password reset by email (SMTP_URL set, a real SMTP server)', () => {
  let mail: MailTestApp;
  let t: TestApp;
  let smtp: MailTestApp['smtp'];
  beforeAll(async () => {
    mail = await createMailTestApp({ trustProxy: true });
    ({ t, smtp } = mail);
  }, 60_000);
  afterAll(() => mail.close());

  async function personWithEmail() {
    const person = await signedIn(t, 'participant');
    const email = `${person.username}@example.test`;
    await t.dataSource.query('UPDATE users SET email = $2, email_confirmed_at = now(), password_hash = $3 WHERE id = $1', [person.id, email, await t.app.get(PasswordHasher).hash(OLD_PASSWORD)]);
    return { ...person, email };
  }

  const ask = (usernameOrEmail: string) =>
    t.driver.as(null, fromNewAddress()).data<{ requestPasswordReset: { errors: { code: string }[] } }>(REQUEST, { i: { usernameOrEmail } });

  /** Waits until every reset job queued so far has finished (sent, or found nobody). */
  const jobsDone = () =>
    until(async () => {
      const [row]: { waiting: number }[] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM pgboss.job WHERE name = $1 AND state NOT IN ('completed', 'failed')`, [RESET_QUEUE]);
      return row.waiting === 0 ? true : undefined;
    });

  const mailTo = (email: string) => mail.mailTo(email);
  const tokenIn = (text: string) => /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text)![1];

  it('answers the same for an account and for nobody, mails a link only to the account, and the link sets a new password once', async () => {
    const person = await personWithEmail();

    const forNobody = await ask('nobody-has-this-name');
    const forPerson = await ask(person.username.toUpperCase());
    expect(forPerson).toEqual(forNobody);
    expect(forPerson.requestPasswordReset.errors).toEqual([]);

    const message = await until(() => mailTo(person.email)[0]);
    await jobsDone();
    expect(smtp.messages.filter((m) => m.to.includes('nobody-has-this-name'))).toEqual([]);
    expect(message.subject).toBe('Commonplace: reset your password');
    expect(message.text).toContain(`within ${RESET_LINK_MINUTES} minutes`);
    expect(message.text).toContain('http://commonplace.test/reset-password?token=');
    const token = tokenIn(message.text);
    // Only the token's hash is kept.
    const stored: { token_hash: string }[] = await t.dataSource.query('SELECT token_hash FROM password_resets WHERE user_id = $1', [person.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

    expect(await t.driver.anonymous.data(LINK, { t: token })).toEqual({ passwordResetLink: { status: 'Valid', username: person.username } });

    // The usual password rules.
    const weak = await t.driver.anonymous.data<{ resetPassword: { errors: { field: string; code: string }[] } }>(RESET, { i: { token, newPassword: 'short' } });
    expect(weak.resetPassword.errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'WEAK_PASSWORD' })]);

    const reset = await t.driver.anonymous.query<{ resetPassword: { user: { username: string } } }>(RESET, { i: { token, newPassword: NEW_PASSWORD } });
    expect(reset.data!.resetPassword.user.username).toBe(person.username);
    // Signed in in this browser…
    const cookie = reset.setCookie.find((line) => line.startsWith('commonplace_session='))!.split(';')[0];
    expect(await t.driver.as({ cookie }).data(VIEWER)).toEqual({ viewer: { username: person.username } });
    // …and the session from before is over.
    expect(await t.driver.as(person).data(VIEWER)).toEqual({ viewer: null });
    // The new password works, the old does not.
    const signIn = (password: string) =>
      t.driver.as(null, fromNewAddress()).data<{ signIn: { user: { username: string } | null } }>('mutation($i: SignInInput!) { signIn(input: $i) { user { username } } }', {
        i: { username: person.username, password },
      });
    expect((await signIn(NEW_PASSWORD)).signIn.user).toEqual({ username: person.username });
    expect((await signIn(OLD_PASSWORD)).signIn.user).toBeNull();

    // Single use.
    expect(await t.driver.anonymous.data(LINK, { t: token })).toEqual({ passwordResetLink: { status: 'Used', username: null } });
    const again = await t.driver.anonymous.data<{ resetPassword: { errors: { field: string; code: string }[] } }>(RESET, { i: { token, newPassword: 'yet another long passphrase' } });
    expect(again.resetPassword.errors).toEqual([expect.objectContaining({ field: 'token', code: 'RESET_LINK_USED' })]);
  }, 60_000);

  it('finds the account by its email address too; a reset voids the other links; altered and expired links are refused by name', async () => {
    const person = await personWithEmail();
    await ask(person.email.toUpperCase());
    await ask(person.username);
    const [first, second] = await until(() => (mailTo(person.email).length >= 2 ? mailTo(person.email) : undefined));
    const [a, b] = [tokenIn(first.text), tokenIn(second.text)];
    expect(a).not.toBe(b);

    const altered = a.slice(0, -1) + (a.endsWith('A') ? 'B' : 'A');
    expect(await t.driver.anonymous.data(LINK, { t: altered })).toEqual({ passwordResetLink: { status: 'Invalid', username: null } });
    const refusedAltered = await t.driver.anonymous.data<{ resetPassword: { errors: { code: string }[] } }>(RESET, { i: { token: altered, newPassword: NEW_PASSWORD } });
    expect(refusedAltered.resetPassword.errors.map((e) => e.code)).toEqual(['RESET_LINK_INVALID']);

    await t.dataSource.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND created_at = (SELECT min(created_at) FROM password_resets WHERE user_id = $1)`, [person.id]);
    const statuses = await Promise.all([a, b].map(async (token) => ((await t.driver.anonymous.data(LINK, { t: token })) as { passwordResetLink: { status: string } }).passwordResetLink.status));
    expect(statuses.sort()).toEqual(['Expired', 'Valid']);
    const [expired, valid] = statuses[0] === 'Expired' ? [a, b] : [b, a];
    const refusedExpired = await t.driver.anonymous.data<{ resetPassword: { errors: { code: string; message: string }[] } }>(RESET, { i: { token: expired, newPassword: NEW_PASSWORD } });
    expect(refusedExpired.resetPassword.errors).toEqual([expect.objectContaining({ code: 'RESET_LINK_EXPIRED', message: expect.stringContaining(`${RESET_LINK_MINUTES} minutes`) })]);

    const done = await t.driver.anonymous.data<{ resetPassword: { errors: unknown[] } }>(RESET, { i: { token: valid, newPassword: NEW_PASSWORD } });
    expect(done.resetPassword.errors).toEqual([]);
    // An earlier link, had it not expired, would be void now as well.
    await t.dataSource.query(`UPDATE password_resets SET expires_at = now() + interval '10 minutes' WHERE token_hash <> ''`);
    expect(await t.driver.anonymous.data(LINK, { t: expired })).toEqual({ passwordResetLink: { status: 'Used', username: null } });
  }, 60_000);

  it(`mails one account at most ${RESETS_PER_ACCOUNT_PER_HOUR} links an hour, and counts each name at most ${RESETS_PER_NAME_PER_HOUR} times, answering the same throughout`, async () => {
    const person = await personWithEmail();
    const answers = [];
    for (let i = 0; i < RESETS_PER_ACCOUNT_PER_HOUR + 2; i++) answers.push(await ask(i % 2 === 0 ? person.username : person.email));
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    await jobsDone();
    expect(mailTo(person.email)).toHaveLength(RESETS_PER_ACCOUNT_PER_HOUR);

    const name = `nobody-${Date.now()}`;
    for (let i = 0; i < RESETS_PER_NAME_PER_HOUR + 3; i++) expect((await ask(name)).requestPasswordReset.errors).toEqual([]);
    const [queued]: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND data->>'name' = $2`, [RESET_QUEUE, name]);
    expect(queued.n).toBe(RESETS_PER_NAME_PER_HOUR);
  }, 60_000);

  it('refuses a flood of requests from one address with TOO_MANY_REQUESTS, whatever the names', async () => {
    const address = fromNewAddress();
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 11; i++) {
      const answer = await t.driver.as(null, address).query(REQUEST, { i: { usernameOrEmail: `someone-${i}` } });
      codes.push(answer.errors?.[0]?.extensions?.code);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(undefined));
    expect(codes[10]).toBe('TOO_MANY_REQUESTS');
  }, 60_000);

  it('with two-step sign-in on, the link sets the password but signs in only after a code', async () => {
    const person = await personWithEmail();
    const secret = new Secret({ size: 20 }).base32;
    await t.dataSource.query(`INSERT INTO two_step_secrets (user_id, secret, confirmed_at) VALUES ($1, $2, now())`, [person.id, `plain:${secret}`]);
    await t.dataSource.query('UPDATE users SET two_step_enabled_at = now() WHERE id = $1', [person.id]);
    await ask(person.username);
    const token = tokenIn((await until(() => mailTo(person.email)[0])).text);
    const reset = await t.driver.anonymous.query<{ resetPassword: { errors: unknown[] } }>(RESET, { i: { token, newPassword: NEW_PASSWORD } });
    expect(reset.data!.resetPassword.errors).toEqual([]);
    expect(reset.setCookie.some((line) => line.startsWith('commonplace_session='))).toBe(false);
    const pending = reset.setCookie.find((line) => line.startsWith('commonplace_two_step='))!.split(';')[0];
    const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
    const done = await t.driver.as({ cookie: pending }).query<{ completeSignIn: { user: { username: string } } }>(
      'mutation($i: CompleteSignInInput!) { completeSignIn(input: $i) { user { username } errors { code } } }',
      { i: { code } },
    );
    expect(done.data!.completeSignIn.user).toEqual({ username: person.username });
    const session = done.setCookie.find((line) => line.startsWith('commonplace_session='))!.split(';')[0];
    expect(await t.driver.as({ cookie: session }).data(VIEWER)).toEqual({ viewer: { username: person.username } });
  });

  it('asks for a name when none is given', async () => {
    const answer = await ask('   ');
    expect(answer.requestPasswordReset.errors).toEqual([expect.objectContaining({ field: 'usernameOrEmail', code: 'REQUIRED' })]);
  });
});
