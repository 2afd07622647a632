import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

const START = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } } }`;
const REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } } }`;
const EDIT = `mutation ($input: EditReplyInput!) { editReply(input: $input) { errors { code } } }`;
const DELETE = `mutation ($input: DeleteReplyInput!) { deleteReply(input: $input) { errors { code } } }`;
const VERSIONS = `query ($id: Int!) { reply(id: $id) { editCount versions { number body current wordsAdded wordsRemoved wordByWord changes { kind text } } } }`;

type Version = { number: number; body: string; current: boolean; wordsAdded: number; wordsRemoved: number; wordByWord: boolean; changes: { kind: string; text: string }[] };

describe("a reply's earlier texts", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  it('lists every text oldest first, each compared with the one before, none for readers once hidden by a moderator, and none once the author deletes it', async () => {
    const author = await signedIn(t, 'participant');
    const byAuthor = (query: string, variables: Record<string, unknown>) => t.driver.as(author).query<Record<string, any>>(query, variables);
    const thread = (await byAuthor(START, { input: { pageSlug: 'reading-list', subject: 'Versions', body: 'Opening' } })).data!.startThread.thread;
    const reply = (await byAuthor(REPLY, { input: { threadId: thread.id, body: 'Safety cases need clinicians' } })).data!.postReply.reply;
    await byAuthor(EDIT, { input: { replyId: reply.id, body: 'Safety cases need clinicians and suppliers' } });
    await byAuthor(EDIT, { input: { replyId: reply.id, body: 'Safety cases need suppliers' } });

    // Anyone can read them, signed in or not.
    const read = async () => (await t.driver.anonymous.query<{ reply: { editCount: number; versions: Version[] } }>(VERSIONS, { id: reply.id })).data!.reply;
    const { editCount, versions } = await read();
    expect(editCount).toBe(2);
    expect(versions.map((v) => [v.number, v.body, v.current])).toEqual([
      [1, 'Safety cases need clinicians', false],
      [2, 'Safety cases need clinicians and suppliers', false],
      [3, 'Safety cases need suppliers', true],
    ]);
    expect(versions[1]).toMatchObject({ wordsAdded: 2, wordsRemoved: 0 });
    expect(versions[1].changes.filter((c) => c.kind === 'Added').map((c) => c.text.trim())).toEqual(['and suppliers']);
    expect(versions[2]).toMatchObject({ wordsAdded: 0, wordsRemoved: 2, wordByWord: true });

    // Hidden by a moderator: only moderators still read its texts.
    const moderator = await signedIn(t, 'moderator');
    const hide = `mutation ($input: ModeratePostInput!) { hidePost(input: $input) { errors { code } } }`;
    expect((await t.driver.as(moderator).query<Record<string, any>>(hide, { input: { replyId: reply.id, reason: 'Off topic' } })).data!.hidePost.errors).toEqual([]);
    expect((await read()).versions).toEqual([]);
    const asModerator = await t.driver.as(moderator).query<{ reply: { versions: Version[] } }>(VERSIONS, { id: reply.id });
    expect(asModerator.data!.reply.versions).toHaveLength(3);
    const unhide = `mutation ($input: ModeratePostInput!) { unhidePost(input: $input) { errors { code } } }`;
    await t.driver.as(moderator).query(unhide, { input: { replyId: reply.id } });

    await byAuthor(DELETE, { input: { replyId: reply.id } });
    expect((await read()).versions).toEqual([]);
  });

  it('shows a wholly rewritten long reply as changed paragraphs, and says it could not compare word by word', async () => {
    const author = await signedIn(t, 'participant');
    const byAuthor = (query: string, variables: Record<string, unknown>) => t.driver.as(author).query<Record<string, any>>(query, variables);
    const words = (prefix: string) => Array.from({ length: 5000 }, (_, i) => `${prefix}${i}`).join(' ');
    const thread = (await byAuthor(START, { input: { pageSlug: 'reading-list', subject: 'Rewritten', body: 'Opening' } })).data!.startThread.thread;
    const reply = (await byAuthor(REPLY, { input: { threadId: thread.id, body: words('o') } })).data!.postReply.reply;
    expect((await byAuthor(EDIT, { input: { replyId: reply.id, body: words('n') } })).data!.editReply.errors).toEqual([]);
    const { versions } = (await t.driver.anonymous.query<{ reply: { versions: Version[] } }>(VERSIONS, { id: reply.id })).data!.reply;
    expect(versions[1]).toMatchObject({ wordByWord: false, wordsAdded: 5000, wordsRemoved: 5000 });
    expect(versions[1].changes).toEqual([
      { kind: 'Removed', text: words('o') },
      { kind: 'Added', text: words('n') },
    ]);
  });
});
