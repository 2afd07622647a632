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
});
