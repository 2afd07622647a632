import { PasswordHasher } from './password-hasher.service';
import { SessionsService } from './sessions.service';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const PASSWORD = 'a long unusual passphrase';
const DELETE = 'mutation ($i: DeleteAccountInput!) { deleteAccount(input: $i) { deleted errors { field code message } } }';

describe('personal data: download and account deletion', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.RATE_LIMITS = 'off';
    t = await createTestApp();
  });
  afterAll(async () => {
    delete process.env.RATE_LIMITS;
    await t.close();
  });

  /** A participant with a password, an email address, a reply and a watch. */
  async function writer(role: 'participant' | 'admin' = 'participant') {
    const person = await signedIn(t, role);
    const hash = await t.app.get(PasswordHasher).hash(PASSWORD);
    await t.dataSource.query(`UPDATE users SET password_hash = $2, email = $3, display_name = 'Dr Writer' WHERE id = $1`, [person.id, hash, `${person.username}@example.test`]);
    const [thread]: { id: number }[] = await t.dataSource.query('SELECT id FROM threads ORDER BY id LIMIT 1');
    const reply = await t.driver.as(person).data<{ postReply: { reply: { id: number } } }>('mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }', {
      i: { threadId: thread.id, body: 'My words, kept after I leave' },
    });
    await t.driver.as(person).data('mutation ($i: WatchInput!) { watch(input: $i) { errors { code } } }', { i: { threadId: thread.id } });
    // What later features keep about a person: a draft, how far they have read, two-step sign-in.
    await t.dataSource.query(`INSERT INTO drafts (user_id, draft_key, body, client_saved_at) VALUES ($1, $2, 'Half a thought', now())`, [person.id, `reply:${thread.id}`]);
    await t.dataSource.query('INSERT INTO thread_reads (user_id, thread_id, last_read_reply_id) VALUES ($1, $2, $3)', [person.id, thread.id, reply.postReply.reply.id]);
    await t.dataSource.query(`INSERT INTO two_step_secrets (user_id, secret, confirmed_at) VALUES ($1, 'SECRETNEVERSHOWN', now())`, [person.id]);
    await t.dataSource.query(`INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, 'hash-never-shown')`, [person.id]);
    // A reply by email that was refused, its words kept until the email back goes.
    await t.dataSource.query(`INSERT INTO email_replies (message_key, user_id, thread_id, outcome, reason, body) VALUES ($1, $2, $3, 'thread_locked', 'this thread is locked', 'Sent by email')`, [
      `id:${person.id}`,
      person.id,
      thread.id,
    ]);
    return { ...person, replyId: reply.postReply.reply.id, threadId: thread.id };
  }

  it('gives a person everything stored about them and everything they wrote, without secrets', async () => {
    const person = await writer();
    const { viewerPersonalData } = await t.driver.as(person).data<{ viewerPersonalData: string }>('{ viewerPersonalData }');
    const data = JSON.parse(viewerPersonalData);
    expect(data.account).toMatchObject({ username: person.username, displayName: 'Dr Writer', email: `${person.username}@example.test`, hasPassword: true, role: 'participant' });
    expect(data.replies).toEqual([expect.objectContaining({ id: person.replyId, body: 'My words, kept after I leave', threadId: person.threadId, earlierVersions: [] })]);
    expect(data.watches).toEqual([expect.objectContaining({ threadId: person.threadId })]);
    expect(data.sessions).toHaveLength(1);
    expect(data.drafts).toEqual([expect.objectContaining({ key: `reply:${person.threadId}`, body: 'Half a thought' })]);
    expect(data.threadsRead).toEqual([expect.objectContaining({ threadId: person.threadId, lastReadReplyId: person.replyId })]);
    expect(data.repliesByEmail).toEqual([expect.objectContaining({ threadId: person.threadId, outcome: 'thread_locked', refusedText: 'Sent by email' })]);
    expect(data.twoStep).toMatchObject({ recoveryCodesLeft: 1 });
    expect(viewerPersonalData).not.toContain('SECRETNEVERSHOWN');
    expect(viewerPersonalData).not.toContain('hash-never-shown');
    for (const key of ['pageRevisions', 'threadsStarted', 'recommendationsProposed', 'stars', 'notifications', 'flagsRaised']) expect(Array.isArray(data[key])).toBe(true);
    const [secrets]: { password_hash: string }[] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [person.id]);
    expect(viewerPersonalData).not.toContain(secrets.password_hash);
    expect(viewerPersonalData).not.toContain(person.cookie.split('=')[1]);
  });

  it('refuses to delete an account without the right password, changing nothing', async () => {
    const person = await writer();
    for (const [password, code] of [['', 'REQUIRED'], ['not my password', 'WRONG_PASSWORD']]) {
      const { deleteAccount } = await t.driver.as(person).data<{ deleteAccount: { deleted: boolean; errors: { field: string; code: string }[] } }>(DELETE, { i: { password } });
      expect(deleteAccount).toEqual({ deleted: false, errors: [expect.objectContaining({ field: 'password', code })] });
    }
    const { viewer } = await t.driver.as(person).data<{ viewer: { username: string } | null }>('{ viewer { username } }');
    expect(viewer).toEqual({ username: person.username });
  });

  it('deletes an account: posts stay by "a former participant", sessions end, everything else about them goes, and the username is free', async () => {
    const person = await writer();
    const otherSession = await t.app.get(SessionsService).start(person.id);
    const { deleteAccount } = await t.driver.as(person).data<{ deleteAccount: { deleted: boolean; errors: unknown[] } }>(DELETE, { i: { password: PASSWORD } });
    expect(deleteAccount).toEqual({ deleted: true, errors: [] });

    // Every session ended, this one and any other.
    expect((await t.driver.as(person).data<{ viewer: unknown }>('{ viewer { username } }')).viewer).toBeNull();
    expect((await t.driver.as({ cookie: `commonplace_session=${otherSession}` }).data<{ viewer: unknown }>('{ viewer { username } }')).viewer).toBeNull();
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [person.id])).toEqual([{ n: 0 }]);

    // Their reply stays, attributed to a former participant; no profile; nothing personal left.
    const { reply } = await t.driver.as(null).data<{ reply: { body: string; author: { username: string; displayName: string } } }>('query ($id: Int!) { reply(id: $id) { body author { username displayName } } }', { id: person.replyId });
    expect(reply).toEqual({ body: 'My words, kept after I leave', author: { username: `~${person.id}`, displayName: 'a former participant' } });
    expect((await t.driver.as(null).data<{ user: unknown }>('query ($u: String!) { user(username: $u) { id } }', { u: person.username })).user).toBeNull();
    expect((await t.driver.as(null).data<{ user: unknown }>('query ($u: String!) { user(username: $u) { id } }', { u: `~${person.id}` })).user).toBeNull();
    const [row] = await t.dataSource.query('SELECT username, display_name, email, password_hash, deleted_at IS NOT NULL AS deleted FROM users WHERE id = $1', [person.id]);
    expect(row).toEqual({ username: `~${person.id}`, display_name: 'a former participant', email: null, password_hash: null, deleted: true });
    expect(await t.dataSource.query('SELECT (SELECT count(*)::int FROM watches WHERE user_id = $1) AS watches, (SELECT count(*)::int FROM notifications WHERE recipient_id = $1) AS notifications', [person.id])).toEqual([{ watches: 0, notifications: 0 }]);
    for (const table of ['drafts', 'thread_reads', 'two_step_secrets', 'recovery_codes', 'email_replies']) {
      expect([table, await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [person.id])]).toEqual([table, [{ n: 0 }]]);
    }

    // No administrator can find it to give it a password again.
    const admin = await signedIn(t, 'admin');
    const revived = await t.driver.as(admin).data<{ setUserPassword: { errors: { code: string }[] } }>('mutation ($i: SetUserPasswordInput!) { setUserPassword(input: $i) { errors { code } } }', {
      i: { username: `~${person.id}`, newPassword: 'a brand new passphrase' },
    });
    expect(revived.setUserPassword.errors).toEqual([{ code: 'NO_SUCH_USER' }]);
    const everyone = await t.driver.as(admin).data<{ users: { totalCount: number } }>('{ users(first: 50) { totalCount } }');
    const [counts] = await t.dataSource.query('SELECT count(*)::int AS rows, count(*) FILTER (WHERE deleted_at IS NULL)::int AS living FROM users');
    expect(counts.living).toBeLessThan(counts.rows);
    expect(everyone.users.totalCount).toBe(counts.living);

    // The username is free for someone new.
    const registered = await t.driver.as(null).data<{ register: { errors: unknown[] } }>('mutation ($i: RegisterInput!) { register(input: $i) { errors { code } } }', {
      i: { username: person.username, displayName: 'Someone new', password: 'another long passphrase' },
    });
    expect(registered.register.errors).toEqual([]);
  });

  it('refuses to let the only administrator delete their account', async () => {
    await t.dataSource.query(`UPDATE users SET role = 'participant' WHERE role = 'admin'`);
    const admin = await writer('admin');
    const { deleteAccount } = await t.driver.as(admin).data<{ deleteAccount: { deleted: boolean; errors: { code: string }[] } }>(DELETE, { i: { password: PASSWORD } });
    expect(deleteAccount).toEqual({ deleted: false, errors: [expect.objectContaining({ code: 'LAST_ADMIN' })] });
    const second = await signedIn(t, 'admin');
    expect(second.id).toBeGreaterThan(0);
    const again = await t.driver.as(admin).data<{ deleteAccount: { deleted: boolean } }>(DELETE, { i: { password: PASSWORD } });
    expect(again.deleteAccount.deleted).toBe(true);
  });
});
