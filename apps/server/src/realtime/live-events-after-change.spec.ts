import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { liveClient, type LiveClient } from './live-socket.testing';

const START = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code } } }`;
const REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code } } }`;
const THREAD = `query ($id: Int!) { thread(id: $id) { id replies { id } } }`;

/**
 * A page that hears a live event reloads what it shows at once (revalidation). What it reloads must
 * already include the change the event announces, though the read cache kept the page as it was.
 */
describe('live events come after the read cache has heard of their change', () => {
  let t: TestApp;
  let viewer: LiveClient;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(async () => {
    viewer?.close();
    await t.close();
  });

  it('a reader who reloads the thread on hearing "reply:posted" sees the new reply, every time', async () => {
    const alice = await signedIn(t, 'participant', 'alice-after-change');
    const started = await t.driver.as(alice).query<{ startThread: { thread: { id: number } } }>(START, { input: { pageSlug: 'emerging-issues', subject: 'Heard, then read', body: 'Opening.' } });
    const threadId = started.data!.startThread.thread.id;
    viewer = await liveClient(t.baseUrl);
    await viewer.join(`thread:${threadId}`);
    // As the thread page reads it for a reader who is not signed in: cacheable, shared.
    const readReplies = async () =>
      ((await t.graphql.execute<{ thread: { replies: { id: number }[] } }>(THREAD, { id: threadId }, undefined, { cacheable: true })).data!.thread.replies.map((reply) => reply.id));

    const stale: number[] = [];
    for (let round = 0; round < 15; round++) {
      await readReplies();
      const seen = new Promise<number[]>((resolve) => {
        const onPosted = () => {
          viewer.socket.off('reply:posted', onPosted);
          resolve(readReplies());
        };
        viewer.socket.on('reply:posted', onPosted);
      });
      const posted = await t.driver.as(alice).query<{ postReply: { reply: { id: number } } }>(REPLY, { input: { threadId, body: `Reply ${round}` } });
      const replyId = posted.data!.postReply.reply.id;
      if (!(await seen).includes(replyId)) stale.push(round);
    }
    expect(stale).toEqual([]);
  });
});
