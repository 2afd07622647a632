import type { Request } from 'express';
import { SessionsService } from '../accounts/sessions.service';
import { createRequestContext } from '../graphql/request-context';
import type { MadePerson } from '../testing/factories';
import { countStatements } from '../testing/count-statements';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const START = `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } errors { code } } }`;
const REPLY = `mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } errors { code } } }`;
const MARK = `mutation ($i: MarkThreadReadInput!) { markThreadRead(input: $i) { markedCount errors { code field } } }`;
const MARK_PAGE = `mutation ($i: MarkPageThreadsReadInput!) { markPageThreadsRead(input: $i) { markedCount errors { code field } } }`;
const FOLD = `mutation ($i: FoldRepliesInput!) { foldReplies(input: $i) { folded errors { code field } } }`;
const READ = `query ($id: Int!) { thread(id: $id) { viewerUnreadCount viewerFoldedReplyIds replies { id viewerUnread inReplyTo { replyId excerpt } } } }`;

type Read = { thread: { viewerUnreadCount: number | null; viewerFoldedReplyIds: number[]; replies: { id: number; viewerUnread: boolean; inReplyTo: { replyId: number | null; excerpt: string | null } }[] } };

describe('unread replies and folded sub-threads, per person', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  async function thread(starter: MadePerson, body = 'We should read the 2008 report first. Then decide.') {
    const word = Math.random().toString(36).slice(2, 8);
    await t.driver.as(starter).query(`mutation ($i: CreatePageInput!) { createPage(input: $i) { errors { code } } }`, { i: { title: `Reading ${word}`, body: 'A page.' } });
    const [{ slug }]: { slug: string }[] = await t.dataSource.query(`SELECT slug FROM pages WHERE title = $1`, [`Reading ${word}`]);
    const started = await t.driver.as(starter).query<{ startThread: { thread: { id: number } } }>(START, { i: { pageSlug: slug, subject: `Subject ${word}`, body } });
    return { slug, threadId: started.data!.startThread.thread.id };
  }
  const reply = async (person: MadePerson, threadId: number, body: string, parentReplyId: number | null = null) =>
    (await t.driver.as(person).query<{ postReply: { reply: { id: number } } }>(REPLY, { i: { threadId, parentReplyId, body } })).data!.postReply.reply.id;
  const read = async (person: MadePerson | null, threadId: number) => (await t.driver.as(person).query<Read>(READ, { id: threadId })).data!.thread;

  it("counts another person's replies as unread until the thread is marked read up to them; one's own never are", async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const { threadId } = await thread(a);
    const first = await reply(b, threadId, 'One.');
    await reply(a, threadId, 'My own.');
    expect((await read(a, threadId)).viewerUnreadCount).toBe(1);
    expect((await t.driver.as(a).query(MARK, { i: { threadId, upToReplyId: first } })).data).toEqual({ markThreadRead: { markedCount: 1, errors: [] } });

    const second = await reply(b, threadId, 'Two.');
    const third = await reply(b, threadId, 'Three.');
    const seen = await read(a, threadId);
    expect(seen.viewerUnreadCount).toBe(2);
    expect(seen.replies.filter((item) => item.viewerUnread).map((item) => item.id)).toEqual([second, third]);

    // A late mark from an older view never moves the mark back.
    await t.driver.as(a).query(MARK, { i: { threadId, upToReplyId: third } });
    await t.driver.as(a).query(MARK, { i: { threadId, upToReplyId: first } });
    expect((await read(a, threadId)).viewerUnreadCount).toBe(0);
    // B never opened it since: A's reply is unread to B, and only to B.
    expect((await read(b, threadId)).viewerUnreadCount).toBe(1);
    expect(await read(null, threadId)).toMatchObject({ viewerUnreadCount: null, viewerFoldedReplyIds: [] });
  });

  it('marks every thread of a page read with "Mark all as read", and says when the page or thread does not exist', async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const one = await thread(a);
    await reply(b, one.threadId, 'One.');
    expect((await t.driver.as(a).query(MARK_PAGE, { i: { pageSlug: one.slug } })).data).toEqual({ markPageThreadsRead: { markedCount: 1, errors: [] } });
    expect((await read(a, one.threadId)).viewerUnreadCount).toBe(0);
    expect((await t.driver.as(a).query(MARK_PAGE, { i: { pageSlug: 'no-such-page-here' } })).data).toEqual({ markPageThreadsRead: { markedCount: 0, errors: [{ code: 'PAGE_NOT_FOUND', field: 'pageSlug' }] } });
    expect((await t.driver.as(a).query(MARK, { i: { threadId: 2147483647 } })).data).toEqual({ markThreadRead: { markedCount: 0, errors: [{ code: 'THREAD_NOT_FOUND', field: 'threadId' }] } });
  });

  it('remembers folded sub-threads per person, and forgets them when unfolded', async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const { threadId } = await thread(a);
    const parent = await reply(b, threadId, 'A point.');
    await reply(a, threadId, 'An answer.', parent);
    expect((await t.driver.as(a).query(FOLD, { i: { replyId: parent, folded: true } })).data).toEqual({ foldReplies: { folded: true, errors: [] } });
    expect((await read(a, threadId)).viewerFoldedReplyIds).toEqual([parent]);
    expect((await read(b, threadId)).viewerFoldedReplyIds).toEqual([]);
    await t.driver.as(a).query(FOLD, { i: { replyId: parent, folded: false } });
    expect((await read(a, threadId)).viewerFoldedReplyIds).toEqual([]);
    expect((await t.driver.as(a).query(FOLD, { i: { replyId: 2147483647, folded: true } })).data).toEqual({ foldReplies: { folded: false, errors: [{ code: 'REPLY_NOT_FOUND', field: 'replyId' }] } });
  });

  it('quotes the first sentence of the post each reply answers, but not of a deleted one', async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const { threadId } = await thread(a, '> Someone else said this.\n\nWe should read the **2008 report** first. Then decide.');
    const first = await reply(b, threadId, 'I agree. It is long, though.');
    const answer = await reply(a, threadId, 'Yes.', first);
    let replies = (await read(null, threadId)).replies;
    expect(replies.find((item) => item.id === first)!.inReplyTo).toEqual({ replyId: null, excerpt: 'We should read the 2008 report first.' });
    expect(replies.find((item) => item.id === answer)!.inReplyTo).toEqual({ replyId: first, excerpt: 'I agree.' });
    await t.driver.as(b).query(`mutation ($i: DeleteReplyInput!) { deleteReply(input: $i) { errors { code } } }`, { i: { replyId: first } });
    replies = (await read(null, threadId)).replies;
    expect(replies.find((item) => item.id === answer)!.inReplyTo).toEqual({ replyId: first, excerpt: null });
  });

  it('never serves one person their unread state from the read cache, nor another person theirs', async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const { threadId } = await thread(a);
    await t.driver.as(a).query(MARK, { i: { threadId } });
    await reply(b, threadId, 'One.');
    await reply(b, threadId, 'Two.');
    const sessions = t.app.get(SessionsService);
    const token = (person: MadePerson) => decodeURIComponent(person.cookie.split('=')[1]);
    // As the web client's loaders do: in-process, cacheable, once per page request.
    const view = async (person: MadePerson) => {
      const context = createRequestContext({ viewer: await sessions.viewerFor(token(person)) } as Request);
      const result = await t.graphql.execute<Read>(READ, { id: threadId }, context, { cacheable: true });
      return result.data!.thread.viewerUnreadCount;
    };
    expect(await view(a)).toBe(2);
    expect(await view(b)).toBe(0);
    // Marking writes no data-changed notification; the next view must still see it.
    await t.driver.as(a).query(MARK, { i: { threadId } });
    expect(await view(a)).toBe(0);
    expect(await view(b)).toBe(0);
    const anonymous = await t.graphql.execute<Read>(READ, { id: threadId }, createRequestContext(), { cacheable: true });
    expect(anonymous.data!.thread.viewerUnreadCount).toBeNull();
  });

  it('answers a list’s unread counts per person in one statement, never from the read cache, and marks a list’s threads read', async () => {
    const a = await signedIn(t, 'participant');
    const b = await signedIn(t, 'participant');
    const one = await thread(a);
    const two = await thread(a);
    await t.driver.as(a).query(MARK, { i: { threadId: one.threadId } });
    await t.driver.as(a).query(MARK, { i: { threadId: two.threadId } });
    await reply(b, one.threadId, 'One.');
    await reply(b, one.threadId, 'Two.');
    await reply(b, two.threadId, 'Three.');
    const COUNTS = 'query ($ids: [Int!]!) { viewerUnreadCounts(threadIds: $ids) { threadId unreadCount } }';
    const sessions = t.app.get(SessionsService);
    const token = (person: MadePerson) => decodeURIComponent(person.cookie.split('=')[1]);
    // As the web client's loaders do: in-process, cacheable, once per page request.
    const counts = async (person: MadePerson | null, ids = [one.threadId, two.threadId, one.threadId]) => {
      const context = createRequestContext({ viewer: person ? await sessions.viewerFor(token(person)) : null } as Request);
      const result = await t.graphql.execute<{ viewerUnreadCounts: { threadId: number; unreadCount: number }[] }>(COUNTS, { ids }, context, { cacheable: true });
      if (result.errors) return result.errors.map((error) => error.extensions?.code);
      return Object.fromEntries(result.data!.viewerUnreadCounts.map((each) => [each.threadId, each.unreadCount]));
    };
    expect(await counts(a)).toEqual({ [one.threadId]: 2, [two.threadId]: 1 });
    expect(await counts(b)).toEqual({ [one.threadId]: 0, [two.threadId]: 0 });
    expect(await counts(null)).toEqual({});
    const statements = await countStatements(() => counts(a));
    expect(statements.filter((sql) => sql.includes('thread_reads'))).toHaveLength(1);

    // "Mark all as read" on a list: only its threads, and the next read is not an old cached answer.
    const MARK_LIST = 'mutation ($i: MarkThreadsReadInput!) { markThreadsRead(input: $i) { markedCount errors { code } } }';
    expect((await t.driver.as(a).query(MARK_LIST, { i: { threadIds: [one.threadId, 2147483647] } })).data).toEqual({ markThreadsRead: { markedCount: 1, errors: [] } });
    expect(await counts(a)).toEqual({ [one.threadId]: 0, [two.threadId]: 1 });
    // Bounded: more than a list shows is refused.
    const many = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(await counts(a, many)).toEqual(['BAD_USER_INPUT']);
    expect((await t.driver.as(a).query(MARK_LIST, { i: { threadIds: many } })).errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
