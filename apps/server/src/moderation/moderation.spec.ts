import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const START = `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } errors { code } } }`;
const REPLY = `mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } errors { field code message } } }`;
const EDIT = `mutation ($i: EditReplyInput!) { editReply(input: $i) { errors { field code message } } }`;
const FLAG = `mutation ($i: FlagPostInput!) { flagPost(input: $i) { flag { id reason reporter { username } } errors { field code message } } }`;
const PAYLOAD = `thread { id hidden hiddenReason locked pinned page { slug } } reply { id hidden hiddenReason } errors { field code message }`;
const act = (name: string, input: string) => `mutation ($i: ${input}!) { ${name}(input: $i) { ${PAYLOAD} } }`;
const QUEUE = `query { moderationQueue { flagCount firstFlaggedAt thread { id } reply { id } flags { reason reporter { username } } } }`;
const THREAD = `query ($id: Int!) { thread(id: $id) { hidden hiddenReason bodyHtml replies { id hidden hiddenReason body bodyHtml } } }`;
const SEARCH = `query ($q: String!) { search(query: $q, first: 50) { edges { node { kind id } } } }`;
const LIST = `query ($slug: String!) { page(slug: $slug) { threads(limit: 50) { totalCount threads { id } } threadList(perPage: 100) { totalCount threads { id pinned } } } }`;

type Errors = { field: string | null; code: string; message: string }[];
type Payload = { thread: { id: number; hidden: boolean; hiddenReason: string | null; locked: boolean; pinned: boolean; page: { slug: string } } | null; reply: { id: number; hidden: boolean; hiddenReason: string | null } | null; errors: Errors };
type ThreadView = { hidden: boolean; hiddenReason: string | null; bodyHtml: string | null; replies: { id: number; hidden: boolean; hiddenReason: string | null; body: string | null; bodyHtml: string | null }[] };

describe('moderation of discussions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  const flag = async (person: Actor, i: Record<string, unknown>) => (await t.driver.as(person).query<{ flagPost: { flag: { id: number; reason: string; reporter: { username: string } } | null; errors: Errors } }>(FLAG, { i })).data!.flagPost;
  const moderate = async (person: Actor, name: string, input: string, i: Record<string, unknown>) => {
    const response = await t.driver.as(person).query<Record<string, Payload>>(act(name, input), { i });
    expect(response.errors).toBeUndefined();
    return response.data![name];
  };
  const view = async (id: number, person?: Actor) => (await t.driver.as(person).query<{ thread: ThreadView }>(THREAD, { id })).data!.thread;
  const queue = async (person: Actor) => (await t.driver.as(person).query<{ moderationQueue: { flagCount: number; thread: { id: number }; reply: { id: number } | null; flags: { reason: string; reporter: { username: string } }[] }[] }>(QUEUE)).data!.moderationQueue;
  const audit = async (subjectType: string, subjectId: number) =>
    (await t.dataSource.query('SELECT action, reason, actor_id AS "actorId", before, after FROM audit_entries WHERE subject_type = $1 AND subject_id = $2 ORDER BY id', [subjectType, subjectId])) as { action: string; reason: string; actorId: number; before: unknown; after: unknown }[];

  /** A fresh page, a thread on it and a reply, by different people, with words nothing else has. */
  const setUp = async () => {
    const starter = await signedIn(t, 'participant');
    const replier = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const word = `zq${Math.random().toString(36).slice(2, 8)}`;
    const pageSlug = `moderation-${word}`;
    await t.driver.as(starter).query(`mutation ($i: CreatePageInput!) { createPage(input: $i) { errors { code } } }`, { i: { title: `Moderation ${word}`, body: 'A page for moderation tests.' } });
    const [{ slug }]: { slug: string }[] = await t.dataSource.query(`SELECT slug FROM pages WHERE title = $1`, [`Moderation ${word}`]);
    const started = await t.driver.as(starter).query<{ startThread: { thread: { id: number } } }>(START, { i: { pageSlug: slug, subject: `Thread ${word}`, body: `Opening ${word}thread`, tags: [`${word}tag`] } });
    const threadId = started.data!.startThread.thread.id;
    const replied = await t.driver.as(replier).query<{ postReply: { reply: { id: number } } }>(REPLY, { i: { threadId, body: `Rude ${word}reply text` } });
    return { starter, replier, moderator, word, slug, pageSlug, threadId, replyId: replied.data!.postReply.reply.id };
  };

  it('takes a report with a reason, refuses a second one from the same person, and refuses a missing post', async () => {
    const { starter, replier, moderator, threadId, replyId } = await setUp();
    const reader = await signedIn(t, 'participant');
    const first = await flag(reader, { replyId, reason: '  Personal attack  ' });
    expect(first.errors).toEqual([]);
    expect(first.flag).toMatchObject({ reason: 'Personal attack', reporter: { username: reader.username } });

    const again = await flag(reader, { replyId, reason: 'Still rude' });
    expect(again.errors).toEqual([{ field: null, code: 'ALREADY_FLAGGED', message: 'You have already reported this reply; a moderator will look at it' }]);
    expect((await flag(starter, { replyId, reason: 'Also rude' })).errors).toEqual([]);
    expect((await flag(reader, { threadId, reason: 'Off topic' })).errors).toEqual([]);

    const codes = async (i: Record<string, unknown>) => (await flag(reader, i)).errors.map((e) => [e.field, e.code]);
    expect(await codes({ replyId: 2147483647, reason: 'x' })).toEqual([['replyId', 'REPLY_NOT_FOUND']]);
    expect(await codes({ threadId: 2147483647, reason: 'x' })).toEqual([['threadId', 'THREAD_NOT_FOUND']]);
    expect(await codes({ replyId, reason: '   ' })).toEqual([['reason', 'REASON_REQUIRED']]);
    expect(await codes({ replyId, reason: 'x'.repeat(1001) })).toEqual([['reason', 'REASON_TOO_LONG']]);
    expect(await codes({ reason: 'x' })).toEqual([[null, 'POST_REQUIRED']]);
    expect((await flag(replier, { replyId, reason: 'Mine' })).errors.map((e) => e.code)).toEqual(['OWN_POST']);

    // The queue: one entry per post, with its count and every reason, the oldest report first.
    const mine = (await queue(moderator)).filter((entry) => entry.thread.id === threadId);
    expect(mine).toEqual([
      { flagCount: 2, firstFlaggedAt: expect.any(String), thread: { id: threadId }, reply: { id: replyId }, flags: [{ reason: 'Personal attack', reporter: { username: reader.username } }, { reason: 'Also rude', reporter: { username: starter.username } }] },
      { flagCount: 1, firstFlaggedAt: expect.any(String), thread: { id: threadId }, reply: null, flags: [{ reason: 'Off topic', reporter: { username: reader.username } }] },
    ]);
  });

  it('hides a reply: its reason shows in place, its text only to moderators, it leaves search, and cannot be answered or edited', async () => {
    const { starter, replier, moderator, word, threadId, replyId } = await setUp();
    const reader = await signedIn(t, 'participant');
    await flag(reader, { replyId, reason: 'Personal attack' });
    const searchIds = async () => (await t.driver.anonymous.query<{ search: { edges: { node: { kind: string; id: number } }[] } }>(SEARCH, { q: `${word}reply` })).data!.search.edges.map((edge) => `${edge.node.kind}:${edge.node.id}`);
    expect(await searchIds()).toEqual([`REPLY:${replyId}`]);

    expect((await moderate(moderator, 'hidePost', 'ModeratePostInput', { replyId, reason: ' ' })).errors.map((e) => [e.field, e.code])).toEqual([['reason', 'REASON_REQUIRED']]);
    const hidden = await moderate(moderator, 'hidePost', 'ModeratePostInput', { replyId, reason: 'Personal attacks are not allowed' });
    expect(hidden).toMatchObject({ errors: [], reply: { id: replyId, hidden: true, hiddenReason: 'Personal attacks are not allowed' } });

    for (const someone of [undefined, reader, replier]) {
      expect((await view(threadId, someone)).replies).toEqual([{ id: replyId, hidden: true, hiddenReason: 'Personal attacks are not allowed', body: null, bodyHtml: null }]);
    }
    const asModerator = (await view(threadId, moderator)).replies[0];
    expect(asModerator).toMatchObject({ hidden: true, body: `Rude ${word}reply text` });
    expect(asModerator.bodyHtml).toContain(`${word}reply`);
    expect(await searchIds()).toEqual([]);

    // Its reports are resolved, so the queue no longer lists it.
    expect((await queue(moderator)).filter((entry) => entry.reply?.id === replyId)).toEqual([]);
    expect((await flag(starter, { replyId, reason: 'late' })).errors.map((e) => e.code)).toEqual(['ALREADY_HIDDEN']);

    const answer = (await t.driver.as(starter).query<{ postReply: { reply: null; errors: Errors } }>(REPLY, { i: { threadId, parentReplyId: replyId, body: 'Answering' } })).data!.postReply;
    expect(answer.errors).toEqual([{ field: 'parentReplyId', code: 'REPLY_HIDDEN', message: 'The reply you are answering was hidden by a moderator; reply to the thread instead' }]);
    const edit = (await t.driver.as(replier).query<{ editReply: { errors: Errors } }>(EDIT, { i: { replyId, body: 'Sorry' } })).data!.editReply;
    expect(edit.errors.map((e) => e.code)).toEqual(['REPLY_HIDDEN']);

    expect(await audit('reply', replyId)).toEqual([
      { action: 'reply.hidden', reason: 'Personal attacks are not allowed', actorId: moderator.id, before: { hidden: false }, after: { hidden: true, threadId, reportsResolved: 1 } },
    ]);
    const [{ resolution }]: { resolution: string }[] = await t.dataSource.query('SELECT resolution FROM flags WHERE reply_id = $1', [replyId]);
    expect(resolution).toBe('hidden');

    // Unhiding shows it again to everyone, and may be done once.
    expect((await moderate(moderator, 'unhidePost', 'ModeratePostInput', { replyId, reason: 'On appeal' })).reply).toMatchObject({ hidden: false, hiddenReason: null });
    expect((await view(threadId)).replies[0]).toMatchObject({ hidden: false, body: `Rude ${word}reply text` });
    expect(await searchIds()).toEqual([`REPLY:${replyId}`]);
    expect((await moderate(moderator, 'unhidePost', 'ModeratePostInput', { replyId })).errors.map((e) => e.code)).toEqual(['NOT_HIDDEN']);
    expect((await audit('reply', replyId)).map((entry) => entry.action)).toEqual(['reply.hidden', 'reply.unhidden']);
  });

  it('hides a thread: out of the lists and search for everyone, its opening post text only for moderators', async () => {
    const { moderator, word, slug, threadId } = await setUp();
    const list = async () => (await t.driver.anonymous.query<{ page: { threads: { totalCount: number; threads: { id: number }[] }; threadList: { totalCount: number; threads: { id: number }[] } } }>(LIST, { slug })).data!.page;
    expect((await list()).threads.threads.map((thread) => thread.id)).toEqual([threadId]);
    expect((await t.driver.anonymous.query<{ tag: { threads: { id: number }[] } }>(`query ($n: String!) { tag(name: $n) { threads { id } } }`, { n: `${word}tag` })).data!.tag.threads).toEqual([{ id: threadId }]);
    expect((await t.driver.anonymous.query<{ recentThreads: { id: number }[] }>(`query { recentThreads(limit: 100) { id } }`)).data!.recentThreads.map((thread) => thread.id)).toContain(threadId);
    await moderate(moderator, 'hidePost', 'ModeratePostInput', { threadId, reason: 'Spam' });
    expect(await list()).toEqual({ threads: { totalCount: 0, threads: [] }, threadList: { totalCount: 0, threads: [] } });
    expect(await view(threadId)).toMatchObject({ hidden: true, hiddenReason: 'Spam', bodyHtml: null });
    expect((await view(threadId, moderator)).bodyHtml).toContain(`${word}thread`);
    const found = (await t.driver.anonymous.query<{ search: { edges: unknown[] } }>(SEARCH, { q: `${word}thread` })).data!.search.edges;
    expect(found).toEqual([]);
    const recent = (await t.driver.anonymous.query<{ recentThreads: { id: number }[] }>(`query { recentThreads(limit: 100) { id } }`)).data!.recentThreads.map((thread) => thread.id);
    expect(recent).not.toContain(threadId);
    expect((await t.driver.anonymous.query<{ tag: unknown }>(`query ($n: String!) { tag(name: $n) { threads { id } } }`, { n: `${word}tag` })).data!.tag).toBeNull();
    expect((await audit('thread', threadId)).map((entry) => [entry.action, entry.reason])).toEqual([['thread.hidden', 'Spam']]);
  });

  it("shows no words of a reported reply its author then deleted, even to moderators in the queue", async () => {
    const { replier, moderator, word, replyId } = await setUp();
    const reporter = await signedIn(t, 'participant');
    expect((await flag(reporter, { replyId, reason: 'Rude' })).errors).toEqual([]);
    const excerpts = async () =>
      (await t.driver.as(moderator).query<{ moderationQueue: { excerpt: string; reply: { id: number } | null }[] }>(`query { moderationQueue { excerpt reply { id } } }`)).data!.moderationQueue;
    const before = (await excerpts()).find((item) => item.reply?.id === replyId)!;
    expect(before.excerpt).toBe(`Rude ${word}reply text`);
    await t.driver.as(replier).query(`mutation ($i: DeleteReplyInput!) { deleteReply(input: $i) { errors { code } } }`, { i: { replyId } });
    const after = (await excerpts()).find((item) => item.reply?.id === replyId)!;
    expect(after.excerpt).not.toContain(word);
  });

  it('dismisses the reports on a post without hiding it', async () => {
    const { moderator, threadId, replyId } = await setUp();
    const reader = await signedIn(t, 'participant');
    await flag(reader, { replyId, reason: 'I disagree' });
    const dismissed = await moderate(moderator, 'dismissFlags', 'ModeratePostInput', { replyId, reason: 'Disagreement is allowed' });
    expect(dismissed).toMatchObject({ errors: [], reply: { hidden: false } });
    expect((await queue(moderator)).filter((entry) => entry.thread.id === threadId)).toEqual([]);
    expect((await moderate(moderator, 'dismissFlags', 'ModeratePostInput', { replyId })).errors.map((e) => e.code)).toEqual(['NO_OPEN_REPORTS']);
    // Once dismissed, the same person may report it again (a new open report).
    expect((await flag(reader, { replyId, reason: 'Now it is rude' })).errors).toEqual([]);
    expect((await audit('reply', replyId)).map((entry) => [entry.action, entry.reason, entry.after])).toEqual([['reply.reports-dismissed', 'Disagreement is allowed', { openReports: 0, threadId }]]);
  });

  it('locks a thread (replies refused with THREAD_LOCKED) and unlocks it', async () => {
    const { starter, moderator, threadId } = await setUp();
    expect(await moderate(moderator, 'lockThread', 'ModerateThreadInput', { threadId, reason: 'Heated' })).toMatchObject({ errors: [], thread: { locked: true } });
    const refused = (await t.driver.as(starter).query<{ postReply: { errors: Errors } }>(REPLY, { i: { threadId, body: 'One more' } })).data!.postReply;
    expect(refused.errors.map((e) => e.code)).toEqual(['THREAD_LOCKED']);
    expect((await moderate(moderator, 'lockThread', 'ModerateThreadInput', { threadId })).errors.map((e) => e.code)).toEqual(['ALREADY_LOCKED']);
    expect(await moderate(moderator, 'unlockThread', 'ModerateThreadInput', { threadId })).toMatchObject({ errors: [], thread: { locked: false } });
    expect((await t.driver.as(starter).query<{ postReply: { errors: Errors } }>(REPLY, { i: { threadId, body: 'One more' } })).data!.postReply.errors).toEqual([]);
    expect((await audit('thread', threadId)).map((entry) => [entry.action, entry.reason, entry.before, entry.after])).toEqual([
      ['thread.locked', 'Heated', { locked: false }, { locked: true }],
      ['thread.unlocked', '', { locked: true }, { locked: false }],
    ]);
  });

  it('pins a thread first in its page lists, whatever the activity', async () => {
    const { starter, moderator, slug, threadId } = await setUp();
    const newer = (await t.driver.as(starter).query<{ startThread: { thread: { id: number } } }>(START, { i: { pageSlug: slug, subject: 'Newer', body: 'Newer activity' } })).data!.startThread.thread.id;
    const order = async () => {
      const page = (await t.driver.anonymous.query<{ page: { threads: { threads: { id: number }[] }; threadList: { threads: { id: number }[] } } }>(LIST, { slug })).data!.page;
      return [page.threads.threads.map((x) => x.id), page.threadList.threads.map((x) => x.id)];
    };
    expect(await order()).toEqual([[newer, threadId], [newer, threadId]]);
    expect(await moderate(moderator, 'pinThread', 'ModerateThreadInput', { threadId, reason: 'Important' })).toMatchObject({ thread: { pinned: true } });
    expect(await order()).toEqual([[threadId, newer], [threadId, newer]]);
    await moderate(moderator, 'unpinThread', 'ModerateThreadInput', { threadId });
    expect(await order()).toEqual([[newer, threadId], [newer, threadId]]);
    expect((await audit('thread', threadId)).map((entry) => entry.action)).toEqual(['thread.pinned', 'thread.unpinned']);
  });

  it('moves a thread to another page, and to a recommendation', async () => {
    const { moderator, slug, threadId } = await setUp();
    const other = await setUp();
    const codes = async (i: Record<string, unknown>) => (await moderate(moderator, 'moveThread', 'MoveThreadInput', { threadId, reason: 'Belongs there', ...i })).errors.map((e) => [e.field, e.code]);
    expect(await codes({ pageSlug: 'no-such-page' })).toEqual([['pageSlug', 'PAGE_NOT_FOUND']]);
    expect(await codes({})).toEqual([['pageSlug', 'TARGET_REQUIRED']]);
    expect(await codes({ pageSlug: slug })).toEqual([['pageSlug', 'UNCHANGED']]);
    expect(await codes({ pageSlug: other.slug, reason: '' })).toEqual([['reason', 'REASON_REQUIRED']]);

    expect(await moderate(moderator, 'moveThread', 'MoveThreadInput', { threadId, pageSlug: other.slug, reason: 'Belongs there' })).toMatchObject({ errors: [], thread: { page: { slug: other.slug } } });
    const list = (await t.driver.anonymous.query<{ page: { threads: { threads: { id: number }[] } } }>(LIST, { slug: other.slug })).data!.page.threads.threads.map((x) => x.id);
    expect(list).toContain(threadId);
    expect((await t.driver.anonymous.query<{ page: { threads: { totalCount: number } } }>(LIST, { slug })).data!.page.threads.totalCount).toBe(0);

    const [recommendation]: { id: number }[] = await t.dataSource.query(`SELECT id FROM recommendations WHERE status = 'active' ORDER BY id LIMIT 1`);
    expect(await moderate(moderator, 'moveThread', 'MoveThreadInput', { threadId, recommendationId: recommendation.id, reason: 'About this one' })).toMatchObject({ errors: [], thread: { page: { slug: 'emerging-issues' } } });
    const [{ recommendation_id }]: { recommendation_id: number }[] = await t.dataSource.query('SELECT recommendation_id FROM threads WHERE id = $1', [threadId]);
    expect(recommendation_id).toBe(recommendation.id);
    expect((await audit('thread', threadId)).map((entry) => entry.action)).toEqual(['thread.moved', 'thread.moved']);
    // On a recommendation too, a pinned thread is listed first and a hidden one not at all.
    await moderate(moderator, 'moveThread', 'MoveThreadInput', { threadId: other.threadId, recommendationId: recommendation.id, reason: 'Same topic' });
    const onRecommendation = async () =>
      (await t.driver.anonymous.query<{ recommendation: { threads: { id: number }[] } }>(`query ($id: Int!) { recommendation(id: $id) { threads { id } } }`, { id: recommendation.id })).data!.recommendation.threads
        .map((thread) => thread.id)
        .filter((id) => id === threadId || id === other.threadId);
    expect(await onRecommendation()).toEqual([other.threadId, threadId]);
    await moderate(moderator, 'pinThread', 'ModerateThreadInput', { threadId });
    expect(await onRecommendation()).toEqual([threadId, other.threadId]);
    await moderate(moderator, 'hidePost', 'ModeratePostInput', { threadId: other.threadId, reason: 'Duplicate' });
    expect(await onRecommendation()).toEqual([threadId]);
    // The move targets a moderator chooses from: pages and recommendations.
    const targets = (await t.driver.as(moderator).query<{ threadMoveTargets: { pages: { slug: string }[]; recommendations: { id: number }[] } }>(`query { threadMoveTargets { pages { slug } recommendations { id } } }`)).data!.threadMoveTargets;
    expect(targets.pages.map((page) => page.slug)).toContain(other.slug);
    expect(targets.recommendations.map((r) => r.id)).toContain(recommendation.id);
  });

  it('lets only moderators hide, see the queue and the move targets; a participant changes nothing', async () => {
    const { replier, replyId, threadId } = await setUp();
    const participant = await signedIn(t, 'participant');
    const hide = await t.driver.as(participant).query(act('hidePost', 'ModeratePostInput'), { i: { replyId, reason: 'Mine now' } });
    expect(hide.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await t.driver.as(participant).query(QUEUE)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await t.driver.anonymous.query(QUEUE)).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect((await t.driver.as(participant).query(`query { threadMoveTargets { pages { slug } } }`)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await t.driver.anonymous.query(FLAG, { i: { replyId, reason: 'x' } })).errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const suspended = await signedIn(t, 'suspended');
    expect((await t.driver.as(suspended).query(FLAG, { i: { replyId, reason: 'x' } })).errors?.map((e) => e.extensions?.code)).toEqual(['ACCOUNT_SUSPENDED']);
    expect((await view(threadId, replier)).replies[0].hidden).toBe(false);
    expect(await audit('reply', replyId)).toEqual([]);
  });
});
