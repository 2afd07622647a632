import { NotificationMailer } from '../notifications/notification-mailer.service';
import { signedIn } from '../testing/people';
import { createMailTestApp, type MailTestApp } from '../testing/mail-test-app';
import { until } from '../testing/smtp-sink';
import type { TestApp } from '../testing/test-app';
import { ACCOUNT_EMAIL_QUEUE, CONFIRM_LINK_HOURS } from './email-confirmations.service';
import { PasswordHasher } from './password-hasher.service';
import { RESET_QUEUE } from './password-resets.service';

const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { user { username } errors { code } } }';
const CHANGE = 'mutation($i: ChangeEmailInput!) { changeEmail(input: $i) { user { username } errors { field code message } } }';
const CONFIRM = 'mutation($i: ConfirmEmailInput!) { confirmEmail(input: $i) { email errors { field code message } } }';
const LINK = 'query($t: String!) { emailConfirmationLink(token: $t) { status email } }';
const ME = '{ viewer { email emailConfirmed } }';
const PASSWORD = 'kettle orbit meadow lantern';

let addresses = 0;
const fromNewAddress = () => ({ 'x-forwarded-for': `192.0.${Math.floor(++addresses / 250)}.${addresses % 250}` });

describe('email addresses are confirmed before anything else is sent to them (a real SMTP server)', () => {
  let mail: MailTestApp;
  let t: TestApp;
  beforeAll(async () => {
    mail = await createMailTestApp({ trustProxy: true });
    ({ t } = mail);
  }, 60_000);
  afterAll(() => mail.close());

  const mailTo = (email: string) => mail.mailTo(email);
  const tokenIn = (text: string) => /\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(text)![1];
  const queueIdle = (queue: string) =>
    until(async () => {
      const [row]: { waiting: number }[] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM pgboss.job WHERE name = $1 AND state NOT IN ('completed', 'failed')`, [queue]);
      return row.waiting === 0 ? true : undefined;
    });

  it('registering with an address sends only its confirmation until the link is followed; then digests and reset links go there', async () => {
    const username = `confirm-${Date.now().toString(36)}`;
    const email = `${username}@example.test`;
    const registered = await t.driver.as(null, fromNewAddress()).query<{ register: { user: { username: string } } }>(REGISTER, {
      i: { username, displayName: 'Confirm Me', password: PASSWORD, email },
    });
    expect(registered.data!.register.user).toEqual({ username });
    const cookie = registered.setCookie.find((line) => line.startsWith('commonplace_session='))!.split(';')[0];
    const me = t.driver.as({ cookie });
    expect(await me.data(ME)).toEqual({ viewer: { email, emailConfirmed: false } });

    const confirmation = await until(() => mailTo(email)[0]);
    expect(confirmation.subject).toBe('Commonplace: confirm your email address');
    expect(confirmation.text).toContain(`within ${CONFIRM_LINK_HOURS} hours`);
    const token = tokenIn(confirmation.text);

    // Unconfirmed: no digest, no reset link.
    const [{ id }]: { id: number }[] = await t.dataSource.query('SELECT id FROM users WHERE username = $1', [username]);
    await t.dataSource.query(`UPDATE users SET email_frequency = 'immediately' WHERE id = $1`, [id]);
    const starter = await signedIn(t, 'participant');
    const started = await t.driver.as(starter).data<{ startThread: { thread: { id: number } } }>(
      `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } } }`,
      { i: { pageSlug: 'reading-list', subject: 'Confirm first', body: 'Opening' } },
    );
    const threadId = started.startThread.thread.id;
    await me.data(`mutation ($i: WatchInput!) { watch(input: $i) { watching } }`, { i: { threadId } });
    await t.driver.as(starter).data(`mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }`, { i: { threadId, body: 'A reply' } });
    const mailer = t.app.get(NotificationMailer);
    expect(await mailer.sweep()).toBe(0);
    await t.driver.as(null, fromNewAddress()).data('mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) { errors { code } } }', { i: { usernameOrEmail: email } });
    await queueIdle(RESET_QUEUE);
    expect(mailTo(email)).toHaveLength(1);

    // Follow the link (from anywhere: it needs no session).
    expect(await t.driver.anonymous.data(LINK, { t: token })).toEqual({ emailConfirmationLink: { status: 'Valid', email } });
    expect(await t.driver.anonymous.data(CONFIRM, { i: { token } })).toEqual({ confirmEmail: { email, errors: [] } });
    expect(await me.data(ME)).toEqual({ viewer: { email, emailConfirmed: true } });
    const again = await t.driver.anonymous.data<{ confirmEmail: { errors: { code: string }[] } }>(CONFIRM, { i: { token } });
    expect(again.confirmEmail.errors.map((e) => e.code)).toEqual(['CONFIRM_LINK_USED']);

    expect(await mailer.sweep()).toBe(1);
    const digest = await until(() => mailTo(email).find((m) => m.subject.includes('new notification')));
    expect(digest.text).toContain('replied in');

    // Others never see the address.
    const other = await signedIn(t, 'participant');
    expect(await t.driver.as(other).data(`{ user(username: "${username}") { email emailConfirmed } }`)).toEqual({ user: { email: null, emailConfirmed: null } });
  }, 60_000);

  it('changing the address needs the current password, tells the old address, and confirms the new one by its own link', async () => {
    const person = await signedIn(t, 'participant');
    const oldEmail = `${person.username}@old.example.test`;
    const newEmail = `${person.username}@new.example.test`;
    await t.dataSource.query('UPDATE users SET email = $2, email_confirmed_at = now(), password_hash = $3 WHERE id = $1', [person.id, oldEmail, await t.app.get(PasswordHasher).hash(PASSWORD)]);
    const me = t.driver.as(person);

    const wrong = await me.data<{ changeEmail: { errors: { field: string; code: string }[] } }>(CHANGE, { i: { email: newEmail, currentPassword: 'not my password' } });
    expect(wrong.changeEmail.errors).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'WRONG_PASSWORD' })]);
    const malformed = await me.data<{ changeEmail: { errors: { field: string; code: string }[] } }>(CHANGE, { i: { email: 'not an address', currentPassword: PASSWORD } });
    expect(malformed.changeEmail.errors).toEqual([expect.objectContaining({ field: 'email', code: 'INVALID_EMAIL' })]);
    expect(await me.data(ME)).toEqual({ viewer: { email: oldEmail, emailConfirmed: true } });

    const changed = await me.data<{ changeEmail: { errors: unknown[] } }>(CHANGE, { i: { email: newEmail, currentPassword: PASSWORD } });
    expect(changed.changeEmail.errors).toEqual([]);
    expect(await me.data(ME)).toEqual({ viewer: { email: newEmail, emailConfirmed: false } });

    const note = await until(() => mailTo(oldEmail)[0]);
    expect(note.subject).toBe('Commonplace: your email address was changed');
    expect(note.text).not.toContain(newEmail);
    const first = await until(() => mailTo(newEmail)[0]);
    const firstToken = tokenIn(first.text);

    // An altered link, an expired one, and one for an address since replaced are refused by name.
    const altered = firstToken.slice(0, -1) + (firstToken.endsWith('A') ? 'B' : 'A');
    expect(((await t.driver.anonymous.data(CONFIRM, { i: { token: altered } })) as { confirmEmail: { errors: { code: string }[] } }).confirmEmail.errors.map((e) => e.code)).toEqual(['CONFIRM_LINK_INVALID']);
    await t.dataSource.query(`UPDATE email_confirmations SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [person.id]);
    expect(await t.driver.anonymous.data(LINK, { t: firstToken })).toEqual({ emailConfirmationLink: { status: 'Expired', email: null } });
    const expired = await t.driver.anonymous.data<{ confirmEmail: { errors: { code: string; message: string }[] } }>(CONFIRM, { i: { token: firstToken } });
    expect(expired.confirmEmail.errors).toEqual([expect.objectContaining({ code: 'CONFIRM_LINK_EXPIRED', message: expect.stringContaining(`${CONFIRM_LINK_HOURS} hours`) })]);

    // Asking again for the same (unconfirmed) address sends a fresh link.
    await me.data(CHANGE, { i: { email: newEmail, currentPassword: PASSWORD } });
    const second = await until(() => mailTo(newEmail)[1]);
    const secondToken = tokenIn(second.text);
    await me.data(CHANGE, { i: { email: `${person.username}@third.example.test`, currentPassword: PASSWORD } });
    await queueIdle(ACCOUNT_EMAIL_QUEUE);
    expect(await t.driver.anonymous.data(LINK, { t: secondToken })).toEqual({ emailConfirmationLink: { status: 'Invalid', email: null } });
    // The replaced address was never confirmed, so it was not told of the change.
    expect(mailTo(newEmail)).toHaveLength(2);
  }, 60_000);
});
