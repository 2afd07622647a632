import { INVITATION_DAYS, INVITATION_QUEUE, MAX_ADDRESSES_PER_INVITE } from './invitations.service';
import { signedIn } from '../testing/people';
import { createMailTestApp, type MailTestApp } from '../testing/mail-test-app';
import { until } from '../testing/smtp-sink';
import { createTestApp, type TestApp } from '../testing/test-app';

const INVITE = 'mutation($i: InvitePeopleInput!) { invitePeople(input: $i) { invited errors { field code message } } }';
const LINK = 'query($t: String!) { invitationLink(token: $t) { status email role } }';
const REGISTER = 'mutation($i: RegisterInput!) { register(input: $i) { user { username role } errors { field code message } } }';
const ME = '{ viewer { username role email emailConfirmed } }';
const PASSWORD = 'a long unusual passphrase';

type InvitePayload = { invitePeople: { invited: string[]; errors: { field: string | null; code: string; message: string }[] } };
type RegisterPayload = { register: { user: { username: string; role: string } | null; errors: { field: string | null; code: string; message: string }[] } };

describe('invitations without SMTP_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    delete process.env.SMTP_URL;
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('tells the administrator that invitations need an email server, and records none', async () => {
    const admin = await signedIn(t, 'admin');
    const answer = await t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails: 'someone@example.test' } });
    expect(answer.invitePeople).toEqual({ invited: [], errors: [expect.objectContaining({ code: 'INVITATIONS_UNAVAILABLE', message: expect.stringContaining('SMTP_URL') })] });
    expect(await t.dataSource.query('SELECT * FROM invitations')).toEqual([]);
  });
});

describe('invitations by email (a real SMTP server)', () => {
  let mail: MailTestApp;
  let t: TestApp;
  let smtp: MailTestApp['smtp'];
  beforeAll(async () => {
    mail = await createMailTestApp({ rateLimits: false });
    ({ t, smtp } = mail);
  }, 60_000);
  afterAll(() => mail.close());

  const mailTo = (email: string) => mail.mailTo(email);
  const tokenIn = (text: string) => /\/register\?invitation=([A-Za-z0-9_-]+)/.exec(text)![1];
  const invitationFor = async (email: string) => tokenIn((await until(() => mailTo(email)[0])).text);
  const jobsDone = () =>
    until(async () => {
      const [row]: { waiting: number }[] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM pgboss.job WHERE name = $1 AND state NOT IN ('completed', 'failed')`, [INVITATION_QUEUE]);
      return row.waiting === 0 ? true : undefined;
    });
  const register = (username: string, invitationToken: string | null, email: string | null = null) =>
    t.driver.anonymous.query<RegisterPayload>(REGISTER, { i: { username, displayName: `Invited ${username}`, password: PASSWORD, email, invitationToken } });

  it('mails each address a link; following it creates an account with that address confirmed and the role given; it works once', async () => {
    const admin = await signedIn(t, 'admin');
    const stamp = Math.random().toString(36).slice(2, 8);
    const [first, second] = [`first-${stamp}@example.test`, `second-${stamp}@example.test`];
    const answer = await t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails: `${first}\n${second}\n${first.toUpperCase()}`, role: 'Moderator' } });
    expect(answer.invitePeople).toEqual({ invited: [first, second], errors: [] });

    const token = await invitationFor(first);
    const mail = mailTo(first)[0];
    expect(mail.subject).toBe('You are invited to Commonplace');
    expect(mail.text).toContain(`within ${INVITATION_DAYS} days`);
    expect(mail.text).toContain('as a moderator');
    // Only its hash is kept.
    const rows: { token_hash: string }[] = await t.dataSource.query('SELECT token_hash FROM invitations WHERE email = $1', [first]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);

    expect((await t.driver.anonymous.data(LINK, { t: token })).invitationLink).toEqual({ status: 'Valid', email: first, role: 'Moderator' });

    // The typed address is ignored: the account has the invitation's.
    const registered = await register(`invited-${stamp}`, token, 'other@example.test');
    expect(registered.data?.register).toEqual({ user: { username: `invited-${stamp}`, role: 'Moderator' }, errors: [] });
    const cookie = registered.setCookie.map((line) => line.split(';')[0]).join('; ');
    expect((await t.driver.as({ cookie }).data(ME)).viewer).toEqual({ username: `invited-${stamp}`, role: 'Moderator', email: first, emailConfirmed: true });
    // No confirmation mail for an address the invitation already confirmed.
    await jobsDone();
    expect(mailTo(first)).toHaveLength(1);

    expect((await t.driver.anonymous.data(LINK, { t: token })).invitationLink).toEqual({ status: 'Used', email: null, role: null });
    const again = await register(`again-${stamp}`, token);
    expect(again.data?.register.user).toBeNull();
    expect(again.data?.register.errors).toEqual([expect.objectContaining({ field: 'invitation', code: 'INVITATION_USED' })]);
    expect(await t.dataSource.query('SELECT 1 FROM users WHERE username = $1', [`again-${stamp}`])).toEqual([]);

    // The second address has its own link.
    expect((await t.driver.anonymous.data(LINK, { t: await invitationFor(second) })).invitationLink).toMatchObject({ status: 'Valid', email: second });
  });

  it('refuses an altered or expired link with a message saying which', async () => {
    const admin = await signedIn(t, 'admin');
    const email = `expiring-${Math.random().toString(36).slice(2, 8)}@example.test`;
    await t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails: email, role: 'Participant' } });
    const token = await invitationFor(email);

    const altered = await register(`altered-${Date.now() % 100000}`, `${token.slice(0, -2)}xx`);
    expect(altered.data?.register.errors).toEqual([expect.objectContaining({ field: 'invitation', code: 'INVITATION_INVALID' })]);

    await t.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = $1`, [email]);
    expect((await t.driver.anonymous.data(LINK, { t: token })).invitationLink).toEqual({ status: 'Expired', email: null, role: null });
    const expired = await register(`expired-${Date.now() % 100000}`, token);
    expect(expired.data?.register.errors).toEqual([expect.objectContaining({ code: 'INVITATION_EXPIRED', message: expect.stringContaining(`${INVITATION_DAYS} days`) })]);
  });

  it('refuses an address that already has an account (any case, not a deleted one), naming it, and sends nothing', async () => {
    const admin = await signedIn(t, 'admin');
    const stamp = Math.random().toString(36).slice(2, 8);
    const member = await signedIn(t, 'participant');
    const gone = await signedIn(t, 'participant');
    const [memberEmail, goneEmail, fresh] = [`Member-${stamp}@example.test`, `gone-${stamp}@example.test`, `fresh-${stamp}@example.test`];
    await t.dataSource.query('UPDATE users SET email = $2 WHERE id = $1', [member.id, memberEmail]);
    await t.dataSource.query('UPDATE users SET email = $2, deleted_at = now() WHERE id = $1', [gone.id, goneEmail]);
    const before = smtp.messages.length;

    const answer = await t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails: `${fresh}\n${memberEmail.toLowerCase()}` } });
    expect(answer.invitePeople).toEqual({
      invited: [],
      errors: [{ field: 'emails', code: 'ALREADY_HAS_ACCOUNT', message: expect.stringContaining(`already has an account: “${memberEmail.toLowerCase()}”`) }],
    });
    await jobsDone();
    expect(smtp.messages.length).toBe(before);
    expect(await t.dataSource.query('SELECT 1 FROM invitations WHERE email = $1', [fresh])).toEqual([]);

    // A deleted account's address may be invited again.
    expect((await t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails: goneEmail } })).invitePeople).toEqual({ invited: [goneEmail], errors: [] });
    await invitationFor(goneEmail);
  });

  it('lists pending invitations newest first to administrators; cancelling one makes its link refused at once', async () => {
    const admin = await signedIn(t, 'admin');
    const stamp = Math.random().toString(36).slice(2, 8);
    const [older, newer] = [`older-${stamp}@example.test`, `newer-${stamp}@example.test`];
    await t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails: older, role: 'Moderator' } });
    const token = await invitationFor(older);
    await t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails: newer } });
    await invitationFor(newer);
    await t.dataSource.query(`UPDATE invitations SET created_at = now() - interval '1 hour' WHERE email = $1`, [older]);

    type Pending = { pendingInvitations: { id: string; email: string; role: string; invitedBy: string | null; expiresAt: string }[] };
    const PENDING = '{ pendingInvitations { id email role invitedBy expiresAt } }';
    const list = (await t.driver.as(admin).data<Pending>(PENDING)).pendingInvitations;
    const ours = list.filter((row) => row.email.endsWith(`-${stamp}@example.test`));
    expect(ours.map((row) => [row.email, row.role, row.invitedBy])).toEqual([
      [newer, 'Participant', admin.username],
      [older, 'Moderator', admin.username],
    ]);
    expect(list.length).toBeLessThanOrEqual(50);
    const member = await signedIn(t, 'moderator');
    expect((await t.driver.as(member).query(PENDING)).data?.pendingInvitations ?? null).toBeNull();

    const CANCEL = 'mutation($i: CancelInvitationInput!) { cancelInvitation(input: $i) { cancelled errors { code } } }';
    const olderId = ours.find((row) => row.email === older)!.id;
    expect((await t.driver.as(admin).data(CANCEL, { i: { id: olderId } })).cancelInvitation).toEqual({ cancelled: true, errors: [] });
    expect((await t.driver.anonymous.data(LINK, { t: token })).invitationLink).toEqual({ status: 'Invalid', email: null, role: null });
    const refused = await register(`cancelled-${stamp}`, token);
    expect(refused.data?.register.errors).toEqual([expect.objectContaining({ field: 'invitation', code: 'INVITATION_INVALID' })]);
    expect((await t.driver.as(admin).data<Pending>(PENDING)).pendingInvitations.map((row) => row.email)).not.toContain(older);
    expect((await t.driver.as(admin).data(CANCEL, { i: { id: olderId } })).cancelInvitation).toEqual({ cancelled: false, errors: [{ code: 'INVITATION_NOT_PENDING' }] });
  });

  it('refuses a list with something that is not an address, an empty list and too long a list, sending nothing', async () => {
    const admin = await signedIn(t, 'admin');
    const before = smtp.messages.length;
    const send = (emails: string) => t.driver.as(admin).data<InvitePayload>(INVITE, { i: { emails } });
    expect((await send('good@example.test\nnot an address')).invitePeople).toEqual({
      invited: [],
      errors: [{ field: 'emails', code: 'INVALID_EMAIL', message: expect.stringContaining('“not an address”') }],
    });
    expect((await send(' \n ')).invitePeople.errors).toEqual([expect.objectContaining({ field: 'emails', code: 'REQUIRED' })]);
    const many = Array.from({ length: MAX_ADDRESSES_PER_INVITE + 1 }, (_, index) => `p${index}@example.test`).join('\n');
    expect((await send(many)).invitePeople.errors).toEqual([expect.objectContaining({ field: 'emails', code: 'TOO_MANY_ADDRESSES' })]);
    expect((await send('x'.repeat(200_000))).invitePeople.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ADDRESSES' })]);
    await jobsDone();
    expect(smtp.messages.length).toBe(before);
  });
});
