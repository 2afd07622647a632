import { DeletedReplyText1763900000011 } from '../database/migrations/1763900000011-deleted-reply-text';
import type { RecommendationStatus } from '../recommendations/recommendation.entity';
import { makePage, makeRecommendation, makeReply } from '../testing/factories';
import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const START = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id subject tags starter { username } page { slug } locked pinned } errors { field code message } } }`;
const REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id depth threadId parent { id } } thread { id } errors { field code message } } }`;
const EDIT = `mutation ($input: EditReplyInput!) { editReply(input: $input) { reply { id body editCount } errors { field code message } } }`;
const DELETE = `mutation ($input: DeleteReplyInput!) { deleteReply(input: $input) { reply { id deleted } errors { field code message } } }`;
const THREAD = `query ($id: Int!) { thread(id: $id) { replyCount locked replies { id depth deleted body bodyHtml textNotKept editCount author { username }
  inReplyTo { replyId author { username } } parent { id } } } }`;
const LIST = `query ($slug: String!, $sort: ThreadSort!, $page: Int!) { page(slug: $slug) { threadList(sort: $sort, page: $page, perPage: 2) { totalCount pageNumber pageCount threads { subject } } } }`;

type Errors = { field: string | null; code: string; message: string }[];
type ReplyResult = { reply: { id: number; depth: number; threadId: number; parent: { id: number } | null } | null; thread: { id: number } | null; errors: Errors };
type ThreadView = {
  replyCount: number;
  locked: boolean;
  replies: { id: number; depth: number; deleted: boolean; body: string | null; bodyHtml: string | null; textNotKept: boolean; editCount: number; author: { username: string }; inReplyTo: { replyId: number | null; author: { username: string } }; parent: { id: number } | null }[];
};

describe('posting in discussions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  // The operations these tests repeat, typed, as one person (or nobody signed in) through the driver.
  const as = (person: Actor | null) => {
    const session = t.driver.as(person);
    return {
      start: async (input: Record<string, unknown>) =>
        session.query<{ startThread: { thread: { id: number; subject: string; tags: string[]; starter: { username: string }; page: { slug: string }; locked: boolean; pinned: boolean } | null; errors: Errors } }>(START, { input }),
      reply: async (input: Record<string, unknown>) => (await session.query<{ postReply: ReplyResult }>(REPLY, { input })).data!.postReply,
      edit: async (input: Record<string, unknown>) => session.query<{ editReply: { reply: { id: number; body: string; editCount: number } | null; errors: Errors } }>(EDIT, { input }),
      del: async (input: Record<string, unknown>) => session.query<{ deleteReply: { reply: { id: number; deleted: boolean } | null; errors: Errors } }>(DELETE, { input }),
    };
  };
  const read = async (id: number) => (await t.driver.anonymous.query<{ thread: ThreadView }>(THREAD, { id })).data!.thread;
  const newThread = async (starter: Actor, subject = 'Safety cases for e-prescribing') => {
    const started = (await as(starter).start({ pageSlug: 'emerging-issues', subject, body: 'Who writes the safety case?', tags: ['Safety', 'safety', 'cases'] })).data!.startThread;
    expect(started.errors).toEqual([]);
    return started.thread!;
  };

  it('starts a thread on a page, with tags, and refuses an anonymous reader', async () => {
    const alice = await signedIn(t, 'participant');
    const { data } = await as(alice).start({ pageSlug: 'emerging-issues', subject: '  Who  signs off? ', body: 'A question.', tags: ['Governance, Safety'] });
    expect(data!.startThread.errors).toEqual([]);
    expect(data!.startThread.thread).toMatchObject({ subject: 'Who signs off?', tags: ['governance', 'safety'], starter: { username: alice.username }, page: { slug: 'emerging-issues' }, locked: false, pinned: false });

    const anonymous = await as(null).start({ pageSlug: 'emerging-issues', subject: 'Nope', body: 'Nope' });
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an empty or over-long subject or text, and a page that does not exist, with typed errors', async () => {
    const me = as(await signedIn(t, 'participant'));
    const codes = async (input: Record<string, unknown>) => (await me.start({ pageSlug: 'emerging-issues', subject: 'S', body: 'B', ...input })).data!.startThread.errors.map((e) => [e.field, e.code]);
    expect(await codes({ subject: '   ' })).toEqual([['subject', 'SUBJECT_REQUIRED']]);
    expect(await codes({ subject: '', body: '', tags: ['no/slashes'] })).toEqual([['subject', 'SUBJECT_REQUIRED'], ['body', 'BODY_REQUIRED'], ['tags', 'TAG_INVALID']]);
    expect(await codes({ subject: 'x'.repeat(201) })).toEqual([['subject', 'SUBJECT_TOO_LONG']]);
    expect(await codes({ subject: 'x'.repeat(200) })).toEqual([]);
    expect(await codes({ body: ' \n ' })).toEqual([['body', 'BODY_REQUIRED']]);
    expect(await codes({ body: 'x'.repeat(50 * 1024 + 1) })).toEqual([['body', 'BODY_TOO_LONG']]);
    expect(await codes({ pageSlug: 'no-such-page' })).toEqual([['pageSlug', 'PAGE_NOT_FOUND']]);
    expect(await codes({ recommendationId: 2147483647 })).toEqual([['recommendationId', 'RECOMMENDATION_NOT_FOUND']]);
  });

  it('replies to the opening post and to replies, nesting by depth and saying whom each answers', async () => {
    const alice = await signedIn(t, 'participant');
    const bob = await signedIn(t, 'participant');
    const thread = await newThread(alice);
    let parentId: number | null = null;
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const who = i % 2 === 0 ? bob : alice;
      const result: ReplyResult = await as(who).reply({ threadId: thread.id, parentReplyId: parentId, body: `Answer ${i + 1}` });
      expect(result.errors).toEqual([]);
      expect(result.reply).toMatchObject({ depth: i + 1, threadId: thread.id, parent: parentId === null ? null : { id: parentId } });
      parentId = result.reply!.id;
      ids.push(parentId);
    }
    const view = await read(thread.id);
    expect(view.replyCount).toBe(6);
    expect(view.replies.map((reply) => reply.depth)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(view.replies[0].inReplyTo).toEqual({ replyId: null, author: { username: alice.username } });
    expect(view.replies[5].inReplyTo).toEqual({ replyId: ids[4], author: { username: bob.username } });
  });

  it('refuses an empty reply, a missing thread, a reply in another thread and a deleted reply, keeping nothing', async () => {
    const alice = await signedIn(t, 'participant');
    const me = as(alice);
    const thread = await newThread(alice);
    const other = await newThread(alice, 'Another thread');
    const elsewhere = (await me.reply({ threadId: other.id, body: 'Elsewhere' })).reply!;
    const codes = async (input: Record<string, unknown>) => (await me.reply({ threadId: thread.id, body: 'Text', ...input })).errors.map((e) => [e.field, e.code]);
    expect(await codes({ body: '' })).toEqual([['body', 'BODY_REQUIRED']]);
    expect(await codes({ body: 'é'.repeat(26 * 1024) })).toEqual([['body', 'BODY_TOO_LONG']]);
    expect(await codes({ threadId: 2147483647 })).toEqual([['threadId', 'THREAD_NOT_FOUND']]);
    expect(await codes({ parentReplyId: elsewhere.id })).toEqual([['parentReplyId', 'REPLY_NOT_FOUND']]);
    const doomed = (await me.reply({ threadId: thread.id, body: 'Soon gone' })).reply!;
    expect((await me.del({ replyId: doomed.id })).data!.deleteReply.errors).toEqual([]);
    expect(await codes({ parentReplyId: doomed.id })).toEqual([['parentReplyId', 'REPLY_DELETED']]);
    expect((await read(thread.id)).replyCount).toBe(1);
  });

  it('refuses replies in a locked thread with THREAD_LOCKED', async () => {
    const alice = await signedIn(t, 'participant');
    const thread = await newThread(alice);
    await t.dataSource.query('UPDATE threads SET locked_at = now() WHERE id = $1', [thread.id]);
    const result = await as(alice).reply({ threadId: thread.id, body: 'Let me in' });
    expect(result.errors.map((e) => e.code)).toEqual(['THREAD_LOCKED']);
    expect(result.reply).toBeNull();
    const view = await read(thread.id);
    expect(view).toMatchObject({ replyCount: 0, locked: true });
  });

  it('makes one reply when the same idempotency key is sent five times at once', async () => {
    const alice = await signedIn(t, 'participant');
    const thread = await newThread(alice);
    const me = as(alice);
    const results = await Promise.all(Array.from({ length: 5 }, () => me.reply({ threadId: thread.id, body: 'Only once, please', idempotencyKey: 'key-7f3a' })));
    for (const result of results) expect(result.errors).toEqual([]);
    expect(new Set(results.map((result) => result.reply!.id)).size).toBe(1);
    const [{ count }]: { count: number }[] = await t.dataSource.query('SELECT count(*)::int AS count FROM replies WHERE thread_id = $1', [thread.id]);
    expect(count).toBe(1);
    // A retry later returns the same reply; another key makes another reply; the key is per author.
    expect((await me.reply({ threadId: thread.id, body: 'Only once, please', idempotencyKey: 'key-7f3a' })).reply!.id).toBe(results[0].reply!.id);
    expect((await me.reply({ threadId: thread.id, body: 'A second thought', idempotencyKey: 'key-8b1c' })).reply!.id).not.toBe(results[0].reply!.id);
    const bob = await signedIn(t, 'participant');
    expect((await as(bob).reply({ threadId: thread.id, body: 'Mine', idempotencyKey: 'key-7f3a' })).reply!.id).not.toBe(results[0].reply!.id);
    expect((await read(thread.id)).replyCount).toBe(3);
    // The same key for a different post is refused rather than silently returning the wrong reply.
    const other = await newThread(alice, 'Other');
    expect((await me.reply({ threadId: other.id, body: 'Elsewhere', idempotencyKey: 'key-7f3a' })).errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('lets the author edit a reply, keeping the earlier texts and counting the edits; others may not', async () => {
    const alice = await signedIn(t, 'participant');
    const bob = await signedIn(t, 'participant');
    const thread = await newThread(alice);
    const reply = (await as(bob).reply({ threadId: thread.id, body: 'First draft' })).reply!;
    expect((await as(bob).edit({ replyId: reply.id, body: 'Second draft' })).data!.editReply.reply).toMatchObject({ body: 'Second draft', editCount: 1 });
    expect((await as(bob).edit({ replyId: reply.id, body: 'Second draft' })).data!.editReply.reply).toMatchObject({ editCount: 1 });
    expect((await as(bob).edit({ replyId: reply.id, body: 'Final' })).data!.editReply.reply).toMatchObject({ body: 'Final', editCount: 2 });
    expect((await as(bob).edit({ replyId: reply.id, body: '' })).data!.editReply.errors.map((e) => e.code)).toEqual(['BODY_REQUIRED']);
    const history: { previous_body: string }[] = await t.dataSource.query('SELECT previous_body FROM reply_edits WHERE reply_id = $1 ORDER BY id', [reply.id]);
    expect(history.map((row) => row.previous_body)).toEqual(['First draft', 'Second draft']);

    const byAlice = await as(alice).edit({ replyId: reply.id, body: 'Hijacked' });
    expect(byAlice.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const moderator = await signedIn(t, 'moderator');
    expect((await as(moderator).del({ replyId: reply.id })).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await read(thread.id)).replies[0]).toMatchObject({ body: 'Final', deleted: false });
  });

  it('deletes softly: the reply keeps its place and the replies answering it stay, saying whom they answer', async () => {
    const alice = await signedIn(t, 'participant');
    const bob = await signedIn(t, 'participant');
    const thread = await newThread(alice);
    const first = (await as(bob).reply({ threadId: thread.id, body: 'I regret that' })).reply!;
    await as(bob).edit({ replyId: first.id, body: 'I regret this' });
    const answer = (await as(alice).reply({ threadId: thread.id, parentReplyId: first.id, body: 'Why?' })).reply!;
    const deleted = (await as(bob).del({ replyId: first.id })).data!.deleteReply;
    expect(deleted).toEqual({ reply: { id: first.id, deleted: true }, errors: [] });
    const view = await read(thread.id);
    expect(view.replyCount).toBe(2);
    expect(view.replies[0]).toMatchObject({ id: first.id, deleted: true, body: null, bodyHtml: null, textNotKept: false, author: { username: bob.username } });
    expect(view.replies[1]).toMatchObject({ id: answer.id, depth: 2, parent: { id: first.id }, inReplyTo: { replyId: first.id, author: { username: bob.username } } });
    expect((await as(bob).edit({ replyId: first.id, body: 'Undo' })).data!.editReply.errors.map((e) => e.code)).toEqual(['REPLY_DELETED']);
    // Its words, and its earlier texts, leave the database with the deletion, so no later query can return them.
    const [row]: { body: string | null }[] = await t.dataSource.query('SELECT body FROM replies WHERE id = $1', [first.id]);
    expect(row.body).toBeNull();
    expect(await t.dataSource.query('SELECT previous_body FROM reply_edits WHERE reply_id = $1', [first.id])).toEqual([]);
  });

  it('clears, by migration, the text of replies deleted before deletion cleared it', async () => {
    const alice = await signedIn(t, 'participant');
    const thread = await newThread(alice);
    // Deleted with its text still there: deleting through the service clears it, so only a factory can.
    const old = await makeReply(t, thread, { author: alice, body: 'Old regrets', deletedAt: new Date() });
    const kept = await makeReply(t, thread, { author: alice, body: 'Still meant' });
    // Earlier texts of a deleted reply: the state before the migration, which no service makes now.
    await t.dataSource.query(`INSERT INTO reply_edits (reply_id, previous_body) VALUES ($1, 'Older regrets'), ($2, 'Once meant')`, [old.id, kept.id]);
    const runner = t.dataSource.createQueryRunner();
    try {
      await new DeletedReplyText1763900000011().up(runner);
    } finally {
      await runner.release();
    }
    expect(await t.dataSource.query('SELECT id, body FROM replies WHERE id = ANY($1) ORDER BY id', [[old.id, kept.id]])).toEqual([{ id: old.id, body: null }, { id: kept.id, body: 'Still meant' }]);
    expect(await t.dataSource.query('SELECT reply_id, previous_body FROM reply_edits WHERE reply_id = ANY($1)', [[old.id, kept.id]])).toEqual([{ reply_id: kept.id, previous_body: 'Once meant' }]);
  });

  it('refuses replies and edits in a thread a moderator hid, or on a page that was deleted, with typed errors', async () => {
    const alice = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const moderate = (query: string, i: Record<string, unknown>) => t.driver.as(moderator).query(query, { i });
    const me = as(alice);

    const hidden = await newThread(alice, 'Soon hidden');
    const inHidden = (await me.reply({ threadId: hidden.id, body: 'Before it was hidden' })).reply!;
    await moderate('mutation ($i: ModeratePostInput!) { hidePost(input: $i) { errors { code } } }', { threadId: hidden.id, reason: 'Spam' });
    const refusedHidden = await me.reply({ threadId: hidden.id, body: 'After' });
    expect(refusedHidden.errors.map((e) => [e.field, e.code])).toEqual([['threadId', 'THREAD_HIDDEN']]);
    expect(refusedHidden.reply).toBeNull();
    expect((await me.edit({ replyId: inHidden.id, body: 'Changed after' })).data!.editReply.errors.map((e) => [e.field, e.code])).toEqual([[null, 'THREAD_HIDDEN']]);

    const slug = `deleted-${Math.random().toString(36).slice(2, 8)}`;
    await makePage(t, { slug });
    const onDeleted = (await me.start({ pageSlug: slug, subject: 'On a page soon deleted', body: 'Text' })).data!.startThread.thread!;
    const beforeDeletion = (await me.reply({ threadId: onDeleted.id, body: 'Before the page went' })).reply!;
    const deleted = await moderate('mutation ($i: DeletePageInput!) { deletePage(input: $i) { errors { code } } }', { slug, reason: 'Duplicate' });
    expect(deleted.errors).toBeUndefined();
    expect((await me.reply({ threadId: onDeleted.id, body: 'After' })).errors.map((e) => [e.field, e.code])).toEqual([['threadId', 'PAGE_DELETED']]);
    expect((await me.edit({ replyId: beforeDeletion.id, body: 'Changed after' })).data!.editReply.errors.map((e) => [e.field, e.code])).toEqual([[null, 'PAGE_DELETED']]);

    const bodies: { body: string }[] = await t.dataSource.query('SELECT body FROM replies WHERE thread_id = ANY($1) ORDER BY id', [[hidden.id, onDeleted.id]]);
    expect(bodies.map((row) => row.body)).toEqual(['Before it was hidden', 'Before the page went']);
  });

  it('starts a thread about a recommendation only on the page that shows it, and only while it is active', async () => {
    const me = as(await signedIn(t, 'participant'));
    const [area]: { id: number }[] = await t.dataSource.query('SELECT id FROM areas WHERE archived_at IS NULL ORDER BY position LIMIT 1');
    // Archived and merged recommendations made directly: this test is about starting threads, not curation.
    const add = async (status: `${RecommendationStatus}`, mergedInto: number | null = null) =>
      (await makeRecommendation(t, area, { text: `A ${status} recommendation`, status, position: 999, mergedInto })).id;
    const active = await add('active');
    const archived = await add('archived');
    const merged = await add('merged', active);
    const codes = async (pageSlug: string, recommendationId: number) =>
      (await me.start({ pageSlug, subject: 'About it', body: 'Is it realistic?', recommendationId })).data!.startThread.errors.map((e) => [e.field, e.code]);
    expect(await codes('emerging-issues', active)).toEqual([]);
    expect(await codes('emerging-issues', archived)).toEqual([['recommendationId', 'RECOMMENDATION_ARCHIVED']]);
    expect(await codes('emerging-issues', merged)).toEqual([['recommendationId', 'RECOMMENDATION_MERGED']]);
    // Another page does not show the recommendations, so a thread about one cannot belong to it.
    expect(await codes('reading-list', active)).toEqual([['recommendationId', 'RECOMMENDATION_NOT_ON_PAGE']]);
    const [{ count }]: { count: number }[] = await t.dataSource.query('SELECT count(*)::int AS count FROM threads WHERE recommendation_id = ANY($1)', [[active, archived, merged]]);
    expect(count).toBe(1);
  });

  it("lists a page's threads a page at a time, by newest activity or by valuable", async () => {
    const alice = await signedIn(t, 'participant');
    const bob = await signedIn(t, 'participant');
    await makePage(t, { slug: 'listing-test', title: 'Listing test' });
    const ids: number[] = [];
    for (const subject of ['Oldest', 'Middle', 'Newest']) {
      const started = (await as(alice).start({ pageSlug: 'listing-test', subject, body: 'Text' })).data!.startThread;
      ids.push(started.thread!.id);
    }
    await t.driver.as(bob).query('mutation ($i: AnswerValuableInput!) { answerValuable(input: $i) { errors { code } } }', { i: { threadId: ids[0], valuable: true } });
    const list = async (sort: string, page: number) => (await t.driver.anonymous.query<{ page: { threadList: { totalCount: number; pageNumber: number; pageCount: number; threads: { subject: string }[] } } }>(LIST, { slug: 'listing-test', sort, page })).data!.page.threadList;
    expect(await list('Activity', 1)).toEqual({ totalCount: 3, pageNumber: 1, pageCount: 2, threads: [{ subject: 'Newest' }, { subject: 'Middle' }] });
    expect((await list('Activity', 2)).threads).toEqual([{ subject: 'Oldest' }]);
    expect((await list('Valuable', 1)).threads).toEqual([{ subject: 'Oldest' }, { subject: 'Newest' }]);
  });
});
