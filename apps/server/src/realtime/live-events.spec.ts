import { SessionsService } from '../accounts/sessions.service';
import { SESSION_COOKIE } from '../http/cookies';
import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { liveClient, type LiveClient } from './live-socket.testing';
import { RealtimeGateway } from './realtime.gateway';

const START = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code } } }`;
const REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code } } }`;
const EDIT = `mutation ($input: EditReplyInput!) { editReply(input: $input) { reply { id } errors { code } } }`;
const DELETE = `mutation ($input: DeleteReplyInput!) { deleteReply(input: $input) { reply { id } errors { code } } }`;
const VALUABLE = `mutation ($i: AnswerValuableInput!) { answerValuable(input: $i) { errors { code } } }`;
const MARK = `mutation ($input: MarkRealisticInput!) { markRealistic(input: $input) { errors { code } } }`;

describe('live events', () => {
  let t: TestApp;
  const clients: LiveClient[] = [];
  const client = async (cookie?: string) => {
    const made = await liveClient(t.baseUrl, cookie);
    clients.push(made);
    return made;
  };
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(async () => {
    for (const made of clients) made.close();
    await t.close();
  });

  const startThread = async (person: Actor, subject = 'Who signs the safety case?') => {
    const { data } = await t.driver.as(person).query<{ startThread: { thread: { id: number }; errors: unknown[] } }>(START, { input: { pageSlug: 'emerging-issues', subject, body: 'A question.' } });
    expect(data!.startThread.errors).toEqual([]);
    return data!.startThread.thread.id;
  };
  const reply = async (person: Actor, threadId: number, body: string, extra: Record<string, unknown> = {}) => {
    const { data } = await t.driver.as(person).query<{ postReply: { reply: { id: number }; errors: unknown[] } }>(REPLY, { input: { threadId, body, ...extra } });
    expect(data!.postReply.errors).toEqual([]);
    return data!.postReply.reply.id;
  };
  const replyEvents = (viewer: LiveClient) => viewer.events.filter((e) => e.event === 'reply:posted');

  /**
   * Drops the connection as a network would, and waits until the server has let the socket go: it
   * keeps the session for recovery as it does, so a reconnect that arrives before could not recover.
   */
  const dropConnection = async (viewer: LiveClient) => {
    const id = viewer.socket.id;
    viewer.socket.io.reconnection(false);
    const dropped = new Promise((resolve) => viewer.socket.once('disconnect', resolve));
    viewer.socket.io.engine.close();
    await dropped;
    const server = t.app.get(RealtimeGateway).server;
    const deadline = Date.now() + 5_000;
    while ((await server.local.fetchSockets()).some((socket) => socket.id === id)) {
      if (Date.now() > deadline) throw new Error('the server never let the dropped socket go');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('tells an anonymous viewer of a thread about a new reply: ids and names, never the text', async () => {
    const alice = await signedIn(t, 'participant', 'alice-live');
    const threadId = await startThread(alice);
    const viewer = await client();
    expect(await viewer.join(`thread:${threadId}`)).toEqual({ joined: `thread:${threadId}` });

    const replyId = await reply(alice, threadId, 'Secret-ish words that must not travel');
    const event = await viewer.next('reply:posted', (p) => p.replyId === replyId);
    expect(event).toEqual({ threadId, replyId, parentReplyId: null, author: { username: 'alice-live', displayName: 'alice-live' }, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(JSON.stringify(viewer.events)).not.toContain('Secret-ish');
  });

  it('sends one event for a reply retried with the same idempotency key', async () => {
    const bob = await signedIn(t, 'participant');
    const threadId = await startThread(bob);
    const viewer = await client();
    await viewer.join(`thread:${threadId}`);
    const first = await reply(bob, threadId, 'Once only', { idempotencyKey: 'key-1' });
    const again = await Promise.all([1, 2, 3].map(() => reply(bob, threadId, 'Once only', { idempotencyKey: 'key-1' })));
    expect(again).toEqual([first, first, first]);
    // A later reply is the fence: events arrive in order, so any duplicate would be here by now.
    const fence = await reply(bob, threadId, 'Fence');
    await viewer.next('reply:posted', (p) => p.replyId === fence);
    expect(replyEvents(viewer).map((e) => e.payload.replyId)).toEqual([first, fence]);
  });

  it('does not tell viewers of other threads', async () => {
    const carol = await signedIn(t, 'participant');
    const watched = await startThread(carol);
    const other = await startThread(carol, 'Another thread');
    const viewer = await client();
    await viewer.join(`thread:${watched}`);
    await reply(carol, other, 'Elsewhere');
    const here = await reply(carol, watched, 'Here');
    await viewer.next('reply:posted', (p) => p.replyId === here);
    expect(replyEvents(viewer).map((e) => e.payload.threadId)).toEqual([watched]);
  });

  it('refuses rooms of things that do not exist or cannot be read', async () => {
    const viewer = await client();
    expect(await viewer.join('thread:999999')).toMatchObject({ status: 'error', message: 'No such thread' });
    expect(await viewer.join('thread:0')).toMatchObject({ status: 'error', message: 'No such thread' });
    expect(await viewer.join('page:no-such-page')).toMatchObject({ status: 'error', message: 'No such page' });
    expect(await viewer.join('area:no-such-area')).toMatchObject({ status: 'error', message: 'No such area' });
    expect(await viewer.join('user:1')).toMatchObject({ status: 'error', message: 'Unknown room' });

    const [area] = await t.dataSource.query<{ slug: string }[]>('SELECT slug FROM areas ORDER BY id LIMIT 1');
    expect(await viewer.join(`area:${area.slug}`)).toEqual({ joined: `area:${area.slug}` });

    // A deleted page, and the threads on it.
    const dave = await signedIn(t, 'participant');
    const threadId = await startThread(dave);
    const [page] = await t.dataSource.query<{ id: number; slug: string }[]>(`SELECT id, slug FROM pages WHERE slug <> 'emerging-issues' AND deleted_at IS NULL ORDER BY id LIMIT 1`);
    expect(await viewer.join(`page:${page.slug}`)).toEqual({ joined: `page:${page.slug}` });
    await t.dataSource.query('UPDATE threads SET page_id = $1 WHERE id = $2', [page.id, threadId]);
    await t.dataSource.query('UPDATE pages SET deleted_at = now() WHERE id = $1', [page.id]);
    // Someone arriving after the deletion (a socket already in a room is answered without a new check).
    const later = await client();
    expect(await later.join(`page:${page.slug}`)).toMatchObject({ status: 'error', message: 'No such page' });
    expect(await later.join(`thread:${threadId}`)).toMatchObject({ status: 'error', message: 'No such thread' });
    await t.dataSource.query('UPDATE pages SET deleted_at = NULL WHERE id = $1', [page.id]);

    // A thread hidden by a moderator: only moderators may still follow it.
    const hidden = await startThread(dave, 'Hidden later');
    const moderator = await signedIn(t, 'moderator');
    const hide = `mutation ($input: ModeratePostInput!) { hidePost(input: $input) { errors { code } } }`;
    expect((await t.driver.as(moderator).query<{ hidePost: { errors: unknown[] } }>(hide, { input: { threadId: hidden, reason: 'Spam' } })).data!.hidePost.errors).toEqual([]);
    expect(await viewer.join(`thread:${hidden}`)).toMatchObject({ status: 'error', message: 'No such thread' });
    const asStarter = await liveClient(t.baseUrl, dave.cookie);
    const asModerator = await liveClient(t.baseUrl, moderator.cookie);
    try {
      expect(await asStarter.join(`thread:${hidden}`)).toMatchObject({ status: 'error', message: 'No such thread' });
      expect(await asModerator.join(`thread:${hidden}`)).toEqual({ joined: `thread:${hidden}` });
    } finally {
      asStarter.close();
      asModerator.close();
      // Gone from the server before the next test counts the signed-in sockets.
      const server = t.app.get(RealtimeGateway).server;
      for (let waited = 0; waited < 2000 && (await server.in([`user:${dave.id}`, `user:${moderator.id}`]).fetchSockets()).length > 0; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });

  it('puts a signed-in socket in its person’s room, and an anonymous one in none', async () => {
    const erin = await signedIn(t, 'participant');
    await client(erin.cookie);
    await client();
    const server = t.app.get(RealtimeGateway).server;
    expect(await server.in(`user:${erin.id}`).fetchSockets()).toHaveLength(1);
    const rooms = (await server.fetchSockets()).flatMap((socket) => [...socket.rooms].filter((room) => room.startsWith('user:')));
    expect(rooms).toEqual([`user:${erin.id}`]);
  });

  it('tells a signed-in person, in their own room only, when their notifications change', async () => {
    const watcher = await signedIn(t, 'participant');
    const other = await signedIn(t, 'participant');
    const replier = await signedIn(t, 'participant');
    const threadId = await startThread(watcher, 'Watched live'); // starting it watches it
    const mine = await client(watcher.cookie);
    const theirs = await client(other.cookie);
    await reply(replier, threadId, 'Something to read');
    expect(await mine.next('notifications:changed')).toEqual({});
    const count = `{ unreadNotificationCount }`;
    expect((await t.driver.as(watcher).query<{ unreadNotificationCount: number }>(count)).data!.unreadNotificationCount).toBe(1);
    // Reading them (in another tab, say) changes the count too.
    mine.events.length = 0;
    await t.driver.as(watcher).query(`mutation { markAllNotificationsRead { unreadCount } }`);
    expect(await mine.next('notifications:changed')).toEqual({});
    expect(theirs.events.filter((e) => e.event === 'notifications:changed')).toEqual([]);
  });

  it('sends edits, deletions, "valuable" counts, new threads and star changes to the rooms that show them', async () => {
    const fay = await signedIn(t, 'participant');
    const gus = await signedIn(t, 'participant');
    const pageViewer = await client();
    await pageViewer.join('page:emerging-issues');
    const threadId = await startThread(fay, 'Live thread');
    expect(await pageViewer.next('thread:started', (p) => p.threadId === threadId)).toEqual({ threadId, pageSlug: 'emerging-issues' });

    const viewer = await client();
    await viewer.join(`thread:${threadId}`);
    const replyId = await reply(fay, threadId, 'First text');
    await t.driver.as(fay).query(EDIT, { input: { replyId, body: 'Second text' } });
    expect(await viewer.next('reply:edited')).toEqual({ threadId, replyId });
    await t.driver.as(gus).query(VALUABLE, { i: { replyId, valuable: true } });
    expect(await viewer.next('valuable:changed', (p) => p.replyId === replyId)).toEqual({ threadId, replyId, count: 1 });
    await t.driver.as(gus).query(VALUABLE, { i: { threadId, valuable: true } });
    expect(await viewer.next('valuable:changed', (p) => p.replyId === null)).toEqual({ threadId, replyId: null, count: 1 });
    await t.driver.as(fay).query(DELETE, { input: { replyId } });
    expect(await viewer.next('reply:deleted')).toEqual({ threadId, replyId });
    expect(JSON.stringify(viewer.events)).not.toMatch(/First text|Second text/);
    // A moderator hiding a reply changes it for everyone reading: sent as an edit, without the reason.
    const rude = await reply(gus, threadId, 'Something rude');
    const moderator = await signedIn(t, 'moderator');
    const hide = `mutation ($input: ModeratePostInput!) { hidePost(input: $input) { errors { code } } }`;
    await t.driver.as(moderator).query(hide, { input: { replyId: rude, reason: 'Rude' } });
    expect(await viewer.next('reply:edited', (p) => p.replyId === rude)).toEqual({ threadId, replyId: rude });
    // And changing the thread itself (locking it, say) is sent as a change to the thread.
    await t.driver.as(moderator).query(`mutation ($input: ModerateThreadInput!) { lockThread(input: $input) { errors { code } } }`, { input: { threadId } });
    expect(await viewer.next('thread:changed')).toEqual({ threadId });

    const [recommendation] = await t.dataSource.query<{ id: number; slug: string }[]>(
      `SELECT r.id, a.slug FROM recommendations r JOIN areas a ON a.id = r.area_id WHERE r.status = 'active' AND a.archived_at IS NULL ORDER BY r.id LIMIT 1`,
    );
    const areaViewer = await client();
    await areaViewer.join(`area:${recommendation.slug}`);
    const { data: started } = await t.driver.as(fay).query<{ startThread: { thread: { id: number } } }>(
      START,
      { input: { pageSlug: 'emerging-issues', recommendationId: recommendation.id, subject: 'About one recommendation', body: 'Is it realistic?' } },
    );
    const aboutRecommendation = started!.startThread.thread.id;
    const onArea = { threadId: aboutRecommendation, pageSlug: 'emerging-issues' };
    expect(await areaViewer.next('thread:started')).toEqual(onArea);
    expect(await pageViewer.next('thread:started', (p) => p.threadId === aboutRecommendation)).toEqual(onArea);
    const before: { count: number }[] = await t.dataSource.query('SELECT count(*)::int AS count FROM stars WHERE recommendation_id = $1', [recommendation.id]);
    const { data } = await t.driver.as(gus).query<{ markRealistic: { errors: unknown[] } }>(MARK, { input: { recommendationId: recommendation.id, reason: 'Cheap and simple' } });
    expect(data!.markRealistic.errors).toEqual([]);
    const expected = { recommendationId: recommendation.id, count: before[0].count + 1 };
    expect(await areaViewer.next('star:changed')).toEqual(expected);
    expect(await pageViewer.next('star:changed')).toEqual(expected);
  });

  it('after a short disconnect, delivers the 3 replies missed exactly once, recovering the connection', async () => {
    const hal = await signedIn(t, 'participant');
    const threadId = await startThread(hal);
    const viewer = await client();
    await viewer.join(`thread:${threadId}`);
    await viewer.next('live:joined');
    const before = await reply(hal, threadId, 'Before the drop');
    await viewer.next('reply:posted', (p) => p.replyId === before);

    // Drop the connection (as a network would) and stay away until the 3 replies are posted.
    await dropConnection(viewer);
    expect(viewer.socket.connected).toBe(false);
    const missed: number[] = [];
    for (const body of ['One', 'Two', 'Three']) missed.push(await reply(hal, threadId, body));
    const reconnected = new Promise<void>((resolve) => viewer.socket.once('connect', () => resolve()));
    viewer.socket.connect();
    await reconnected;
    expect(viewer.socket.recovered).toBe(true);
    const after = await reply(hal, threadId, 'After the reconnect');
    await viewer.next('reply:posted', (p) => p.replyId === after);
    expect(replyEvents(viewer).map((e) => e.payload.replyId)).toEqual([before, ...missed, after]);
  });

  it('recovers even when no reply had arrived before the drop (the join gives the client an offset)', async () => {
    const ivy = await signedIn(t, 'participant');
    const threadId = await startThread(ivy);
    const viewer = await client();
    await viewer.join(`thread:${threadId}`);
    await viewer.next('live:joined', (p) => p.room === `thread:${threadId}`);
    await dropConnection(viewer);
    const missed: number[] = [];
    for (const body of ['One', 'Two', 'Three']) missed.push(await reply(ivy, threadId, body));
    const reconnected = new Promise<void>((resolve) => viewer.socket.once('connect', () => resolve()));
    viewer.socket.connect();
    await reconnected;
    expect(viewer.socket.recovered).toBe(true);
    await viewer.next('reply:posted', (p) => p.replyId === missed[2]);
    expect(replyEvents(viewer).map((e) => e.payload.replyId)).toEqual(missed);
  });
  /** Drops the connection as a network would, runs `meanwhile`, reconnects; the socket must recover. */
  const dropAndRecover = async (viewer: LiveClient, meanwhile: () => Promise<void>) => {
    await dropConnection(viewer);
    await meanwhile();
    const reconnected = new Promise<void>((resolve) => viewer.socket.once('connect', () => resolve()));
    viewer.socket.connect();
    await reconnected;
    expect(viewer.socket.recovered).toBe(true);
  };

  it('forgets the person of a recovered socket whose session ended while it was away', async () => {
    const jan = await signedIn(t, 'participant');
    const kim = await signedIn(t, 'participant');
    const threadId = await startThread(jan, 'Watched by two'); // starting it watches it
    await t.driver.as(kim).query(`mutation ($input: WatchInput!) { watch(input: $input) { errors { code } } }`, { input: { threadId } });
    const janSocket = await client(jan.cookie);
    const kimSocket = await client(kim.cookie);
    await janSocket.join(`thread:${threadId}`);
    await janSocket.next('live:joined');

    await dropAndRecover(janSocket, async () => {
      await t.driver.as(jan).query(`mutation { signOut }`);
    });
    const server = t.app.get(RealtimeGateway).server;
    expect(await server.in(`user:${jan.id}`).fetchSockets()).toHaveLength(0);

    // Both watchers' notifications change in the same commit; Kim hearing it is the fence for Jan's.
    const replier = await signedIn(t, 'participant');
    const replyId = await reply(replier, threadId, 'News for both watchers');
    await kimSocket.next('notifications:changed');
    await janSocket.next('reply:posted', (p) => p.replyId === replyId);
    expect(janSocket.events.filter((e) => e.event === 'notifications:changed')).toEqual([]);
  });

  it('takes a recovered socket out of a thread hidden while it was away', async () => {
    const lee = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const threadId = await startThread(lee, 'Hidden while away');
    const viewer = await client();
    await viewer.join(`thread:${threadId}`);
    await viewer.join('page:emerging-issues');
    await viewer.next('live:joined', (p) => p.room === 'page:emerging-issues');

    await dropAndRecover(viewer, async () => {
      const hide = `mutation ($input: ModeratePostInput!) { hidePost(input: $input) { errors { code } } }`;
      expect((await t.driver.as(moderator).query<{ hidePost: { errors: unknown[] } }>(hide, { input: { threadId, reason: 'Spam' } })).data!.hidePost.errors).toEqual([]);
    });
    const sinceReconnect = viewer.events.length;

    // The moderator locks the hidden thread, then a new thread starts on the page: the page's event,
    // sent after, is the fence for the hidden thread's.
    const lock = `mutation ($input: ModerateThreadInput!) { lockThread(input: $input) { errors { code } } }`;
    expect((await t.driver.as(moderator).query<{ lockThread: { errors: unknown[] } }>(lock, { input: { threadId } })).data!.lockThread.errors).toEqual([]);
    const fence = await startThread(lee, 'After the hiding');
    await viewer.next('thread:started', (p) => p.threadId === fence);
    expect(viewer.events.slice(sinceReconnect).filter((e) => e.event.startsWith('thread:changed') || e.event.startsWith('reply:'))).toEqual([]);
    expect(await viewer.join(`thread:${threadId}`)).toMatchObject({ status: 'error', message: 'No such thread' });
  });

  it('disconnects the sockets of a session as it ends, and only those', async () => {
    const max = await signedIn(t, 'participant');
    const otherBrowser = `${SESSION_COOKIE}=${await t.app.get(SessionsService).start(max.id)}`;
    const here = await client(max.cookie);
    const there = await client(otherBrowser);
    const hereGone = new Promise<string>((resolve) => here.socket.once('disconnect', resolve));
    await t.driver.as(max).query(`mutation { signOut }`);
    expect(await hereGone).toBe('io server disconnect');
    expect(there.socket.connected).toBe(true);

    // An administrator setting a new password signs the person out everywhere.
    const thereGone = new Promise<string>((resolve) => there.socket.once('disconnect', resolve));
    const admin = await signedIn(t, 'admin');
    const set = `mutation ($input: SetUserPasswordInput!) { setUserPassword(input: $input) { errors { code } } }`;
    expect((await t.driver.as(admin).query<{ setUserPassword: { errors: unknown[] } }>(set, { input: { username: max.username, newPassword: 'a long new passphrase 42' } })).data!.setUserPassword.errors).toEqual([]);
    expect(await thereGone).toBe('io server disconnect');
  });
  it('disconnects a person’s sockets when they are suspended or their role changes, so their rooms are checked again', async () => {
    const admin = await signedIn(t, 'admin');
    const nan = await signedIn(t, 'moderator');
    const suspend = `mutation ($input: SuspendUserInput!) { suspendUser(input: $input) { errors { code } } }`;
    const role = `mutation ($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { errors { code } } }`;
    for (const [mutation, input] of [
      [suspend, { username: nan.username, reason: 'Testing' }],
      [role, { username: nan.username, role: 'Participant' }],
    ] as const) {
      const socket = await client(nan.cookie);
      const gone = new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
      const { data } = await t.driver.as(admin).query<Record<string, { errors: unknown[] }>>(mutation, { input });
      expect(Object.values(data!)[0].errors).toEqual([]);
      expect(await gone).toBe('io server disconnect');
    }
  });
});
