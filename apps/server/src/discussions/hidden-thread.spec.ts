import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const START = `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } errors { code } } }`;
const REPLY = `mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } errors { code } } }`;
const EDIT = `mutation ($i: EditReplyInput!) { editReply(input: $i) { errors { code } } }`;
const HIDE = `mutation ($i: ModeratePostInput!) { hidePost(input: $i) { errors { code } } }`;
const READ_THREAD = `query ($id: Int!) { thread(id: $id) { id hidden hiddenReason subject tags bodyHtml replies { id body bodyHtml versions { body changes { text } } } } }`;
const READ_REPLY = `query ($id: Int!) { reply(id: $id) { id body bodyHtml versions { body changes { text } } thread { subject tags bodyHtml } } }`;

/**
 * A thread a moderator hid is read by its address alone: its words (subject, tags, opening post,
 * replies and their earlier texts) are for moderators only, like a hidden post's.
 */
describe('a hidden thread read by its address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());


  it('gives anonymous readers, participants and its own authors nothing of its text; moderators read it all', async () => {
    const starter = await signedIn(t, 'participant');
    const replier = await signedIn(t, 'participant');
    const reader = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const word = `zh${Math.random().toString(36).slice(2, 8)}`;
    await t.driver.as(starter).query(`mutation ($i: CreatePageInput!) { createPage(input: $i) { errors { code } } }`, { i: { title: `Hidden thread ${word}`, body: 'A page.' } });
    const [{ slug }]: { slug: string }[] = await t.dataSource.query(`SELECT slug FROM pages WHERE title = $1`, [`Hidden thread ${word}`]);
    const started = await t.driver.as(starter).query<{ startThread: { thread: { id: number } } }>(START, { i: { pageSlug: slug, subject: `Subject ${word}subject`, body: `Opening ${word}opening`, tags: [`${word}tag`] } });
    const threadId = started.data!.startThread.thread.id;
    const replied = await t.driver.as(replier).query<{ postReply: { reply: { id: number } } }>(REPLY, { i: { threadId, body: `First ${word}first` } });
    const replyId = replied.data!.postReply.reply.id;
    expect((await t.driver.as(replier).query<{ editReply: { errors: unknown[] } }>(EDIT, { i: { replyId, body: `Second ${word}second` } })).data!.editReply.errors).toEqual([]);

    // Before hiding, everyone reads it (so the test below would see the words if they leaked).
    const before = await t.driver.anonymous.query(READ_THREAD, { id: threadId });
    expect(JSON.stringify(before.data)).toContain(`${word}first`);

    expect((await t.driver.as(moderator).query<{ hidePost: { errors: unknown[] } }>(HIDE, { i: { threadId, reason: 'Spam' } })).data!.hidePost.errors).toEqual([]);

    for (const someone of [undefined, reader, starter, replier]) {
      const thread = await t.driver.as(someone).query<{ thread: Record<string, unknown> }>(READ_THREAD, { id: threadId });
      expect(thread.errors).toBeUndefined();
      // What tells a reader why the thread is gone stays: that it is hidden, and the reason.
      expect(thread.data!.thread).toEqual({ id: threadId, hidden: true, hiddenReason: 'Spam', subject: null, tags: [], bodyHtml: null, replies: [] });
      const reply = await t.driver.as(someone).query(READ_REPLY, { id: replyId });
      expect(reply.errors).toBeUndefined();
      expect(JSON.stringify(reply.data)).not.toContain(word);
    }

    const asModerator = await t.driver.as(moderator).query(READ_THREAD, { id: threadId });
    for (const part of ['subject', 'opening', 'tag', 'first', 'second']) expect(JSON.stringify(asModerator.data)).toContain(`${word}${part}`);
    expect(JSON.stringify((await t.driver.as(moderator).query(READ_REPLY, { id: replyId })).data)).toContain(`${word}second`);
  });
});
