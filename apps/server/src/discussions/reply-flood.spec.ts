import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const START = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code } } }`;
const REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code } } }`;

/** The rate limit on writes, seen by someone flooding a thread (with the limits on, as in production). */
describe('a flood of replies from one account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is stopped after 60 replies in a minute with "try again in 1 minute", while another person can still reply', async () => {
    const flooder = await signedIn(t, 'participant');
    const started = await t.driver.as(flooder).query<{ startThread: { thread: { id: number } } }>(START, { input: { pageSlug: 'reading-list', subject: 'Flood', body: 'Opening post' } });
    const threadId = started.data!.startThread.thread.id;
    const reply = (person: Actor, n: number) => t.driver.as(person).query<{ postReply: { reply: { id: number } | null } }>(REPLY, { input: { threadId, body: `Reply ${n}` } });

    // Each mutation has its own count per person: 60 replies a minute.
    for (let n = 1; n <= 60; n++) expect((await reply(flooder, n)).data?.postReply.reply).not.toBeNull();
    const refused = await reply(flooder, 61);
    expect(refused.errors?.[0]).toMatchObject({ message: 'Too many attempts. Try again in 1 minute.', extensions: { code: 'TOO_MANY_REQUESTS' } });
    const [{ count }]: { count: number }[] = await t.dataSource.query('SELECT count(*)::int AS count FROM replies WHERE thread_id = $1', [threadId]);
    expect(count).toBe(60);

    // The limit is per person: someone else replying in the same thread is not held up.
    const other = await signedIn(t, 'participant');
    expect((await reply(other, 1)).data?.postReply.reply).not.toBeNull();
  });
});
