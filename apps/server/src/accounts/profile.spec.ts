import type { Actor } from '../testing/graphql-driver';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';

describe("a person's profile", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists their recent posts (threads started and replies) and edits', async () => {
    const { data, errors } = await t.graphql.execute<{
      hadleyac: { displayName: string; recentPosts: { kind: string; createdAt: string; replyId: number | null; thread: { subject: string } }[] };
      importer: { recentRevisions: { summary: string; page: { slug: string } }[] };
    }>(`{
      hadleyac: user(username: "hadleyac") { displayName recentPosts { kind createdAt replyId thread { subject } } }
      importer: user(username: "masterclass-import") { recentRevisions { summary page { slug } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data!.hadleyac.recentPosts.map((post) => [post.kind, post.thread.subject, post.replyId === null])).toEqual([
      ['Thread', 'Informaticians are key stakeholders too !', true],
      ['Reply', 'Local acceptance of the need for change', false],
    ]);
    expect(data!.importer.recentRevisions).toEqual([{ summary: expect.stringMatching(/^The recommendations as the masterclass delegates raised them/), page: { slug: 'emerging-issues' } }]);
  });

  it('leaves out replies they deleted and replies a moderator hid', async () => {
    const author = await signedIn(t, 'participant');
    const moderator = await signedIn(t, 'moderator');
    const [thread]: { id: number }[] = await t.dataSource.query('SELECT id FROM threads ORDER BY id LIMIT 1');
    const post = async (body: string) => (await t.driver.as(author).data<{ postReply: { reply: { id: number } } }>(`mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id } } }`, { i: { threadId: thread.id, body } })).postReply.reply.id;
    const kept = await post('Kept');
    const deleted = await post('Deleted by me');
    const hidden = await post('Hidden by a moderator');
    await t.driver.as(author).data(`mutation ($i: DeleteReplyInput!) { deleteReply(input: $i) { errors { code } } }`, { i: { replyId: deleted } });
    await t.driver.as(moderator).data(`mutation ($i: ModeratePostInput!) { hidePost(input: $i) { errors { code } } }`, { i: { replyId: hidden, reason: 'Rude' } });
    const posts = async (reader?: Actor) =>
      (await t.driver.as(reader).data<{ user: { recentPosts: { replyId: number | null }[] } }>(`query ($u: String!) { user(username: $u) { recentPosts { replyId } } }`, { u: author.username })).user.recentPosts.map((p) => p.replyId);
    for (const reader of [undefined, author]) expect(await posts(reader)).toEqual([kept]);
  });
});
