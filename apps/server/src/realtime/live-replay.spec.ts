import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { liveClient, type LiveClient } from './live-socket.testing';

const START = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code } } }`;
const HIDE = `mutation ($input: ModeratePostInput!) { hidePost(input: $input) { errors { code } } }`;

/**
 * Connection-state recovery replays the events a socket missed before the server can check its
 * rooms again; so events carry nothing that hiding guards. A thread started and hidden while a
 * page's reader was away must not reach them, replayed, with its subject.
 */
describe('events replayed by connection-state recovery', () => {
  let t: TestApp;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(async () => {
    for (const made of clients) made.close();
    await t.close();
  });

  const startThread = async (person: Actor, subject: string) => {
    const { data } = await t.driver.as(person).query<{ startThread: { thread: { id: number }; errors: unknown[] } }>(START, { input: { pageSlug: 'emerging-issues', subject, body: 'A question.' } });
    expect(data!.startThread.errors).toEqual([]);
    return data!.startThread.thread.id;
  };

  it('carry no subject of a thread hidden while the reader was away', async () => {
    const starter = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const word = `zr${Math.random().toString(36).slice(2, 8)}`;
    const viewer = await liveClient(t.baseUrl);
    clients.push(viewer);
    await viewer.join('page:emerging-issues');
    await viewer.next('live:joined', (p) => p.room === 'page:emerging-issues');

    viewer.socket.io.reconnection(false);
    const dropped = new Promise((resolve) => viewer.socket.once('disconnect', resolve));
    viewer.socket.io.engine.close();
    await dropped;
    const hiddenId = await startThread(starter, `Spam ${word}subject`);
    expect((await t.driver.as(moderator).query<{ hidePost: { errors: unknown[] } }>(HIDE, { input: { threadId: hiddenId, reason: 'Spam' } })).data!.hidePost.errors).toEqual([]);
    // thread:started is sent once its rooms are looked up; let it go out before reconnecting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const reconnected = new Promise<void>((resolve) => viewer.socket.once('connect', () => resolve()));
    viewer.socket.connect();
    await reconnected;
    expect(viewer.socket.recovered).toBe(true);

    // A thread started after the reconnection is the fence: events arrive in order.
    const fence = await startThread(starter, 'After the reconnection');
    await viewer.next('thread:started', (p) => p.threadId === fence);
    // The missed event was replayed (so the test saw recovery at work), without the subject.
    expect(viewer.events.filter((e) => e.event === 'thread:started' && e.payload.threadId === hiddenId)).toEqual([{ event: 'thread:started', payload: { threadId: hiddenId, pageSlug: 'emerging-issues' } }]);
    expect(JSON.stringify(viewer.events)).not.toContain(word);
  });

  it('stop reaching readers of a thread once a moderator hides it; moderators still hear it', async () => {
    const starter = await signedIn(t, 'participant');
    const replier = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const threadId = await startThread(starter, 'Hidden while read');
    const { data } = await t.driver.as(replier).query<{ postReply: { reply: { id: number } } }>(`mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } } }`, { input: { threadId, body: 'A reply' } });
    const replyId = data!.postReply.reply.id;
    const reader = await liveClient(t.baseUrl, starter.cookie);
    const watcher = await liveClient(t.baseUrl, moderator.cookie);
    clients.push(reader, watcher);
    expect(await reader.join(`thread:${threadId}`)).toEqual({ joined: `thread:${threadId}` });
    expect(await watcher.join(`thread:${threadId}`)).toEqual({ joined: `thread:${threadId}` });

    expect((await t.driver.as(moderator).query<{ hidePost: { errors: unknown[] } }>(HIDE, { input: { threadId, reason: 'Spam' } })).data!.hidePost.errors).toEqual([]);
    // Both hear that the thread changed (the reader's page then shows it hidden)…
    await reader.next('thread:changed', (p) => p.threadId === threadId);
    await watcher.next('thread:changed', (p) => p.threadId === threadId);
    // …and after that only the moderator hears of it: here the replier deleting their reply.
    await t.driver.as(replier).query(`mutation ($input: DeleteReplyInput!) { deleteReply(input: $input) { errors { code } } }`, { input: { replyId } });
    await watcher.next('reply:deleted', (p) => p.replyId === replyId);
    // The reader is on the same process; a page event sent after is the fence for anything late.
    await reader.join('page:emerging-issues');
    const fence = await startThread(starter, 'Fence after hiding');
    await reader.next('thread:started', (p) => p.threadId === fence);
    expect(reader.events.filter((e) => e.event === 'reply:deleted')).toEqual([]);
  });
});
