import { countStatements } from '../testing/count-statements';
import { signedIn } from '../testing/people';
import { createTestApp, type TestApp } from '../testing/test-app';
import { NotificationsService } from './notifications.service';

const START = `mutation ($i: StartThreadInput!) { startThread(input: $i) { thread { id bodyHtml } errors { code } } }`;
const REPLY = `mutation ($i: PostReplyInput!) { postReply(input: $i) { reply { id bodyHtml } errors { code } } }`;
const EDIT = `mutation ($i: EditReplyInput!) { editReply(input: $i) { reply { bodyHtml } errors { code } } }`;
const HIDE = `mutation ($i: ModeratePostInput!) { hidePost(input: $i) { errors { code } } }`;
const LIST = `query { notifications(first: 50) { edges { node { kind threadId replyId actor { username } } } } }`;
const PEOPLE = `query ($p: String!, $f: Int) { peopleToMention(prefix: $p, first: $f) { username displayName } }`;

type Person = { cookie: string; username: string; id: number };
type Node = { kind: string; threadId: number; replyId: number | null; actor: { username: string } };

describe('@mentions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  const data = async <T>(who: Person | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await t.driver.as(who).query<T>(query, variables);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  };
  const notifications = async (who: Person) => (await data<{ notifications: { edges: { node: Node }[] } }>(who, LIST)).notifications.edges.map((edge) => edge.node);
  const mentions = async (who: Person) => (await notifications(who)).filter((node) => node.kind === 'Mention');
  const start = async (who: Person, body: string) => (await data<{ startThread: { thread: { id: number; bodyHtml: string } } }>(who, START, { i: { pageSlug: 'emerging-issues', subject: 'Mentions', body } })).startThread.thread;
  const reply = async (who: Person, threadId: number, body: string) => (await data<{ postReply: { reply: { id: number; bodyHtml: string } } }>(who, REPLY, { i: { threadId, body } })).postReply.reply;

  it('tells a person mentioned in a reply once, links to their profile, and editing the reply tells no one again', async () => {
    const [starter, author, mentioned] = await Promise.all([signedIn(t, 'participant'), signedIn(t, 'participant'), signedIn(t, 'participant')]);
    const thread = await start(starter, 'Opening');
    const posted = await reply(author, thread.id, `What do you think, @${mentioned.username.toUpperCase()}? And @${mentioned.username} again.`);
    expect(posted.bodyHtml).toContain(`<a href="/users/${mentioned.username}" class="mention">@${mentioned.username.toUpperCase()}</a>`);
    expect(await mentions(mentioned)).toEqual([{ kind: 'Mention', threadId: thread.id, replyId: posted.id, actor: { username: author.username } }]);

    const edited = await data<{ editReply: { errors: unknown[] } }>(author, EDIT, { i: { replyId: posted.id, body: `Edited: @${mentioned.username}, what do you think?` } });
    expect(edited.editReply.errors).toEqual([]);
    expect(await mentions(mentioned)).toHaveLength(1);
  });

  it('tells someone newly mentioned by an edit, and someone watching who is mentioned hears of the reply once, as a mention', async () => {
    const [starter, author, later] = await Promise.all([signedIn(t, 'participant'), signedIn(t, 'participant'), signedIn(t, 'participant')]);
    const thread = await start(starter, 'Opening'); // the starter watches it (auto-watch)
    const posted = await reply(author, thread.id, `Over to you, @${starter.username}`);
    expect((await notifications(starter)).filter((node) => node.replyId === posted.id).map((node) => node.kind)).toEqual(['Mention']);
    await data(author, EDIT, { i: { replyId: posted.id, body: `Over to you, @${starter.username} and @${later.username}` } });
    expect(await mentions(later)).toEqual([expect.objectContaining({ replyId: posted.id })]);
  });

  it('tells people mentioned in the opening post of a new thread', async () => {
    const [starter, mentioned] = await Promise.all([signedIn(t, 'participant'), signedIn(t, 'participant')]);
    const thread = await start(starter, `A question for @${mentioned.username}.`);
    expect(await mentions(mentioned)).toEqual([{ kind: 'Mention', threadId: thread.id, replyId: null, actor: { username: starter.username } }]);
  });

  it('does not tell the author who mentions themselves; refuses an unknown or deleted name at the text box, saving nothing; "\\@name" posts it as plain text', async () => {
    const [starter, author, gone] = await Promise.all([signedIn(t, 'participant'), signedIn(t, 'participant'), signedIn(t, 'participant')]);
    await t.dataSource.query('UPDATE users SET deleted_at = now() WHERE id = $1', [gone.id]);
    const thread = await start(starter, 'Opening');
    const count = async (sql: string, params: unknown[] = []) => ((await t.dataSource.query(sql, params)) as { count: number }[])[0].count;
    const before = await count(`SELECT count(*)::int AS count FROM notifications WHERE kind = 'mention'`);
    const replies = () => count('SELECT count(*)::int AS count FROM replies WHERE thread_id = $1', [thread.id]);

    type Refused = { reply: null; errors: { field: string; code: string; message: string }[] };
    const refuse = async (query: string, input: Record<string, unknown>, name: string) => {
      const response = await t.driver.as(author).query<Record<string, Refused>>(query.replace('errors { code }', 'errors { field code message }'), { i: input });
      return response.data![name];
    };
    const one = await refuse(REPLY, { threadId: thread.id, body: `Me, @${author.username}; and @Nobody-At-All-Here.` }, 'postReply');
    expect(one).toEqual({
      reply: null,
      errors: [{ field: 'body', code: 'MENTION_UNKNOWN', message: 'No one is called @nobody-at-all-here here: check the name, or write \\@nobody-at-all-here to post it as plain text' }],
    });
    const two = await refuse(REPLY, { threadId: thread.id, body: `@nobody-at-all-here and @${gone.username}` }, 'postReply');
    expect(two.errors[0].message).toBe(`No one is called @nobody-at-all-here or @${gone.username} here: check the names, or write \\@ before a name to post it as plain text`);
    const started = await refuse(START, { pageSlug: 'emerging-issues', subject: 'Mentions', body: 'Hello @nobody-at-all-here' }, 'startThread');
    expect(started.errors.map((error) => [error.field, error.code])).toEqual([['body', 'MENTION_UNKNOWN']]);
    expect(await replies()).toBe(0);

    // Escaped, the name is plain text; mentioning oneself links and tells no one.
    const posted = await reply(author, thread.id, `Me, @${author.username}; \\@nobody-at-all-here; and \\@${gone.username}`);
    expect(posted.bodyHtml).toContain('@nobody-at-all-here');
    expect(posted.bodyHtml).not.toContain('/users/nobody-at-all-here');
    expect(posted.bodyHtml).not.toContain(`/users/${gone.username}`);
    expect(posted.bodyHtml).toContain(`<a href="/users/${author.username}" class="mention">`);
    expect(await count(`SELECT count(*)::int AS count FROM notifications WHERE kind = 'mention'`)).toBe(before);

    // An edit is refused for a new unknown name, but not for one the reply already held whose account went since.
    const later = await signedIn(t, 'participant');
    const kept = await reply(author, thread.id, `Ask @${later.username}`);
    await t.dataSource.query('UPDATE users SET deleted_at = now() WHERE id = $1', [later.id]);
    expect((await refuse(EDIT, { replyId: kept.id, body: `Ask @${later.username} or @nobody-at-all-here` }, 'editReply')).errors.map((error) => error.code)).toEqual(['MENTION_UNKNOWN']);
    expect((await refuse(EDIT, { replyId: kept.id, body: `Ask @${later.username}, please` }, 'editReply')).errors).toEqual([]);
    expect(kept.bodyHtml).toContain(`/users/${later.username}`);
    const shown = await data<{ thread: { replies: { id: number; bodyHtml: string }[] } }>(null, 'query ($id: Int!) { thread(id: $id) { replies { id bodyHtml } } }', { id: thread.id });
    // A deleted account's mention stops linking.
    expect(shown.thread.replies.find((each) => each.id === kept.id)!.bodyHtml).not.toContain('/users/');
  });

  it('looks up the people mentioned in all the posts of a thread together, not once per post', async () => {
    const [starter, author, first, second] = await Promise.all([signedIn(t, 'participant'), signedIn(t, 'participant'), signedIn(t, 'participant'), signedIn(t, 'participant')]);
    const thread = await start(starter, `Opening, for @${first.username}`);
    // Each reply mentions someone, and each text differs (so none is one rendering reused).
    const grow = (n: number, from: number) =>
      t.dataSource.query(
        `INSERT INTO replies (thread_id, author_id, body) SELECT $1, $2, 'Reply ' || i || ', @' || CASE WHEN i % 2 = 0 THEN $3 ELSE $4 END FROM generate_series($5::int, $6::int) i`,
        [thread.id, author.id, first.username, second.username, from, from + n - 1],
      );
    const READ_HTML = 'query ($id: Int!) { thread(id: $id) { bodyHtml replies { bodyHtml } } }';
    const lookups = async () => (await countStatements(() => data(null, READ_HTML, { id: thread.id }))).filter((sql) => /FROM users WHERE lower\(username\) = ANY/.test(sql));
    await grow(2, 1);
    const few = await lookups();
    await grow(30, 3);
    const many = await lookups();
    const shown = await data<{ thread: { replies: { bodyHtml: string }[] } }>(null, READ_HTML, { id: thread.id });
    expect(shown.thread.replies).toHaveLength(32);
    expect(shown.thread.replies.every((reply) => reply.bodyHtml.includes('class="mention"'))).toBe(true);
    // The opening post and the replies are drawn at two levels of the query: at most one lookup each.
    expect(few.length).toBeLessThanOrEqual(2);
    expect(many.length).toBe(few.length);
  });

  it('in a hidden thread tells only moderators; once a thread is hidden, a participant’s mention of it is no longer shown', async () => {
    const [starter, author, participant, moderator] = await Promise.all([signedIn(t, 'participant'), signedIn(t, 'participant'), signedIn(t, 'participant'), signedIn(t, 'moderator')]);
    const thread = await start(starter, 'Opening');
    await reply(author, thread.id, `Look, @${participant.username}`);
    expect(await mentions(participant)).toHaveLength(1);
    expect((await data<{ hidePost: { errors: unknown[] } }>(moderator, HIDE, { i: { threadId: thread.id, reason: 'Spam' } })).hidePost.errors).toEqual([]);
    expect(await mentions(participant)).toEqual([]);

    // Nobody can post in a hidden thread, so the rule is asked of the service directly (as if its
    // opening post were edited): a mention recorded in a hidden thread reaches the moderator named,
    // never the participant.
    const [{ page_id: pageId }]: { page_id: number }[] = await t.dataSource.query('SELECT page_id FROM threads WHERE id = $1', [thread.id]);
    await t.dataSource.transaction((db) =>
      t.app.get(NotificationsService).recordMentions(db, { authorId: starter.id, threadId: thread.id, pageId, replyId: null, body: `@${participant.username} @${moderator.username}` }),
    );
    const rows: { recipient_id: number }[] = await t.dataSource.query('SELECT recipient_id FROM notifications WHERE event_key = $1', [`mention:thread:${thread.id}`]);
    expect(rows).toEqual([{ recipient_id: moderator.id }]);
  });
});

describe('people to mention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimits: false });
  });
  afterAll(() => t.close());

  it('offers people whose username or name starts with what was typed, the exact name first, never the viewer nor a deleted account, at most 8', async () => {
    const word = `zq${Math.random().toString(36).slice(2, 6)}`;
    const viewer = await signedIn(t, 'participant', `${word}-viewer`);
    const exact = await signedIn(t, 'participant', `${word}`);
    const others = await Promise.all(Array.from({ length: 9 }, (_, i) => signedIn(t, 'participant', `${word}-${i}`)));
    await t.dataSource.query('UPDATE users SET deleted_at = now() WHERE id = $1', [others[0].id]);
    const ask = async (p: string, f?: number) => t.driver.as(viewer).query<{ peopleToMention: { username: string }[] }>(PEOPLE, { p, f });
    const found = (await ask(word.toUpperCase())).data!.peopleToMention.map((person) => person.username);
    expect(found).toHaveLength(8);
    expect(found[0]).toBe(exact.username);
    expect(found).not.toContain(viewer.username);
    expect(found).not.toContain(others[0].username);
    // By the start of a display name too.
    const named = await signedIn(t, 'participant', `yy${word}`);
    await t.dataSource.query('UPDATE users SET display_name = $2 WHERE id = $1', [named.id, `Xw${word} Person`]);
    expect((await ask(`xw${word}`)).data!.peopleToMention.map((person) => person.username)).toEqual([named.username]);
    // LIKE's wildcards are letters here: "%" matches no one.
    expect((await ask('%')).data!.peopleToMention).toEqual([]);
    expect((await ask(word, 9)).errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect((await ask('')).errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
