import { countStatements } from '../testing/count-statements';
import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const ANSWER = `mutation ($i: AnswerValuableInput!) { answerValuable(input: $i) { thread { id valuableCount viewerValuable } reply { id valuableCount viewerValuable } errors { field code message } } }`;
const THREAD = `query ($id: Int!) { thread(id: $id) { valuableCount viewerValuable replies { id valuableCount viewerValuable author { username } parent { id } } } }`;

type Errors = { field: string | null; code: string }[];
type Answer = { thread: { id: number; valuableCount: number; viewerValuable: boolean | null } | null; reply: { id: number; valuableCount: number; viewerValuable: boolean | null } | null; errors: Errors };
type View = { valuableCount: number; viewerValuable: boolean | null; replies: { id: number; valuableCount: number; viewerValuable: boolean | null }[] };

describe('"Do you find this valuable?"', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  const answer = async (person: Actor, i: Record<string, unknown>) => (await t.driver.as(person).query<{ answerValuable: Answer }>(ANSWER, { i })).data!.answerValuable;
  const view = async (id: number, person?: Actor) => (await t.driver.as(person).query<{ thread: View }>(THREAD, { id })).data!.thread;
  const setUp = async () => {
    const starter = await signedIn(t, 'participant');
    const replier = await signedIn(t, 'participant');
    const started = await t.driver.as(starter).query<{ startThread: { thread: { id: number } } }>(`mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id } } }`, { i: { pageSlug: 'emerging-issues', subject: 'Votes', body: 'Opening' } });
    const threadId = started.data!.startThread.thread.id;
    const replied = await t.driver.as(replier).query<{ postReply: { reply: { id: number } } }>(`mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }`, { i: { threadId, body: 'A reply' } });
    return { starter, replier, threadId, replyId: replied.data!.postReply.reply.id };
  };

  it('counts one answer per person per post, and lets a person change theirs', async () => {
    const { threadId, replyId } = await setUp();
    const readers = await Promise.all([1, 2, 3].map(() => signedIn(t, 'participant')));
    for (const reader of readers) expect((await answer(reader, { threadId, valuable: true })).errors).toEqual([]);
    // Answering again does not count twice; changing to no takes the yes away.
    expect((await answer(readers[0], { threadId, valuable: true })).thread).toMatchObject({ valuableCount: 3, viewerValuable: true });
    expect((await answer(readers[1], { threadId, valuable: false })).thread).toMatchObject({ valuableCount: 2, viewerValuable: false });
    expect((await answer(readers[2], { replyId, valuable: true })).reply).toMatchObject({ id: replyId, valuableCount: 1, viewerValuable: true });

    expect(await view(threadId, readers[1])).toMatchObject({ valuableCount: 2, viewerValuable: false, replies: [{ valuableCount: 1, viewerValuable: null }] });
    expect(await view(threadId)).toMatchObject({ valuableCount: 2, viewerValuable: null });
    const [{ count }]: { count: number }[] = await t.dataSource.query('SELECT count(*)::int AS count FROM valuable_votes WHERE thread_id = $1', [threadId]);
    expect(count).toBe(3);
  });

  it('refuses an answer about your own post, a missing or deleted post, and naming both or neither', async () => {
    const { starter, replier, threadId, replyId } = await setUp();
    const codes = async (person: Actor, i: Record<string, unknown>) => (await answer(person, { valuable: true, ...i })).errors.map((e) => [e.field, e.code]);
    expect(await codes(starter, { threadId })).toEqual([['threadId', 'OWN_POST']]);
    expect(await codes(replier, { replyId })).toEqual([['replyId', 'OWN_POST']]);
    expect(await codes(replier, { threadId: 2147483647 })).toEqual([['threadId', 'THREAD_NOT_FOUND']]);
    expect(await codes(replier, { replyId: 2147483647 })).toEqual([['replyId', 'REPLY_NOT_FOUND']]);
    expect(await codes(replier, {})).toEqual([[null, 'POST_REQUIRED']]);
    expect(await codes(replier, { threadId, replyId })).toEqual([[null, 'POST_REQUIRED']]);
    await t.driver.as(replier).query(`mutation ($i: DeleteReplyInput!) { deleteReply(input: $i) { errors { code } } }`, { i: { replyId } });
    expect(await codes(starter, { replyId })).toEqual([['replyId', 'REPLY_DELETED']]);
    expect(await view(threadId)).toMatchObject({ valuableCount: 0, replies: [{ valuableCount: 0 }] });
  });

  it('reads counts, answers and parents for any number of replies in a fixed number of statements', async () => {
    const { threadId } = await setUp();
    const reader = await signedIn(t, 'participant');
    // n replies, each answering the one before, in one statement (raw on purpose: 40 factory calls would be 40 round trips).
    const grow = (n: number) =>
      t.dataSource.query(
        `INSERT INTO replies (thread_id, author_id, parent_reply_id, body)
         SELECT $1, $2, (SELECT max(id) FROM replies WHERE thread_id = $1), 'More' FROM generate_series(1, $3)`,
        [threadId, reader.id, n],
      );
    const run = () => t.driver.as(reader).query(THREAD, { id: threadId });
    await grow(5);
    const few = await countStatements(run);
    await grow(40);
    const many = await countStatements(run);
    expect((await view(threadId)).replies).toHaveLength(46);
    // DataLoader may batch a level in one or two statements depending on timing; 40 more replies must not add 40.
    expect(many.length).toBeLessThanOrEqual(few.length + 2);
  });
});
