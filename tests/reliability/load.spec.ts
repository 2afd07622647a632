import { randomUUID } from 'node:crypto';
import { startServer, stopServer, waitUntilReady, type ServerProcess } from '../process/server-process';
import { createDatabase, FULL, GraphqlFailure, hiddenField, Measurements, report, runLoops, textareaText, type Answer, type TestDatabase } from './support/load';
import { registerPeople, type Person } from './support/people';

/*
 * Load: 50 people, signed in, each from an address of their own, on 64 connections at once for
 * 60 s (12 s in `npm test`), reading pages, searching, reading threads, replying and editing pages,
 * some through GraphQL as the site's scripts do and some as no-JavaScript form posts. Nobody may
 * get an error, and every reply and edit the site acknowledged must be there afterwards, once.
 */
const PORT = 4220;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const PEOPLE = 50;
const CONNECTIONS = 64;
const SECONDS = FULL ? 60 : 12;
const NOTEBOOKS = 10;
// Each person writes at most this often, well under the 60 a minute per kind of write the site
// allows one person (reply-flood.spec.ts), so a refusal for writing too fast is never expected.
const REPLY_EVERY_MS = 4_000;
const EDIT_EVERY_MS = 6_000;
const SEARCH_WORDS = ['clinicians', 'stakeholders', 'safety', 'ownership', 'benefits', 'evaluation', 'loadword', 'programme'];

const CREATE_PAGE = `mutation ($input: CreatePageInput!) { createPage(input: $input) { outcome page { slug } errors { code } } }`;
const START_THREAD = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code } } }`;
const POST_REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code message } } }`;
const SAVE_PAGE = `mutation ($input: SavePageInput!) { savePage(input: $input) { outcome revision { id } errors { code message } } }`;
const PAGE_TEXT = `query ($slug: String!) { page(slug: $slug) { currentRevision { id body } } }`;
const SEARCH = `query ($q: String!) { search(query: $q, first: 10) { totalCount edges { node { title url snippet } } } }`;
const REPLY_COUNT = `query ($id: Int!) { thread(id: $id) { replyCount replies { body } } }`;

interface Reply {
  key: string;
  body: string;
  threadId: number;
  authorId: number;
}
interface Edit {
  key: string;
  slug: string;
  version: number;
  authorId: number;
}

const ownLine = (person: Person, version: number) => `person-${person.index + 1} has edited this ${version} times.`;
const notebookOf = (person: Person) => `load-notebook-${(person.index % NOTEBOOKS) + 1}`;

describe(`${PEOPLE} signed-in people on ${CONNECTIONS} connections for ${SECONDS} s`, () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let people: Person[];
  let pageSlugs: string[];
  let threadIds: number[];
  const measured = new Measurements();
  const replies: Reply[] = [];
  const edits: Edit[] = [];
  const conflicts: string[] = [];

  beforeAll(async () => {
    db = await createDatabase('reliability_load');
    // Redis is left out: it carries live updates between processes, which this single process
    // does not need, and the machine's Redis is shared with other tests.
    server = startServer({ PORT: String(PORT), NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: undefined });
    await waitUntilReady(server, BASE_URL, 120_000);
    people = await registerPeople(BASE_URL, '127.0.1', PEOPLE, 'loader');

    // A notebook page per ten people, one line each, so their edits merge rather than conflict.
    for (let n = 1; n <= NOTEBOOKS; n++) {
      const owners = people.filter((person) => notebookOf(person) === `load-notebook-${n}`);
      const body = [`Notes kept during the load test, number ${n}.`, ...owners.flatMap((person) => ['', ownLine(person, 0), '', `(What person ${person.index + 1} thinks ends here.)`])].join('\n');
      const { data } = await people[n - 1].browser.graphql<{ createPage: { outcome: string; page: { slug: string } | null } }>(CREATE_PAGE, {
        input: { title: `Load notebook ${n}`, body, summary: 'For the load test' },
      });
      expect(data.createPage.page?.slug).toBe(`load-notebook-${n}`);
    }
    for (let n = 0; n < 10; n++) {
      const { data } = await people[n].browser.graphql<{ startThread: { thread: { id: number } | null } }>(START_THREAD, {
        input: { pageSlug: 'emerging-issues', subject: `Load thread ${n + 1}`, body: `Opening post ${n + 1} about evaluation.` },
      });
      expect(data.startThread.thread).not.toBeNull();
    }
    pageSlugs = (await db.query<{ slug: string }>('SELECT slug FROM pages WHERE deleted_at IS NULL')).map((row) => row.slug);
    threadIds = (await db.query<{ id: number }>('SELECT id FROM threads WHERE hidden_at IS NULL')).map((row) => row.id);
  }, 240_000);

  afterAll(async () => {
    for (const person of people ?? []) person.browser.close();
    if (server) await stopServer(server);
    await db?.drop();
  });

  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

  /** Times one request; anything but a 2xx/3xx (or a GraphQL error, or no answer) is a failure. */
  async function timed(kind: string, send: () => Promise<Answer>): Promise<Answer | null> {
    try {
      const answer = await send();
      measured.record(kind, answer.ms);
      if (answer.status >= 400) {
        measured.fail(kind, `${answer.status}: ${answer.body.slice(0, 300)}`);
        return null;
      }
      return answer;
    } catch (error) {
      if (error instanceof GraphqlFailure) measured.record(kind, error.answer.ms);
      measured.fail(kind, String(error));
      return null;
    }
  }

  /** A browser follows a 303 after a form post with a GET. */
  const follow = (person: Person, answer: Answer, kind: string) =>
    answer.status === 303 && answer.headers.location ? timed(kind, () => person.browser.get(answer.headers.location!)) : Promise.resolve(answer);

  async function replyByGraphql(person: Person): Promise<void> {
    const threadId = pick(threadIds);
    const reply = { key: randomUUID(), body: `loadword reply ${randomUUID()} from ${person.username}`, threadId, authorId: person.id };
    let payload: { postReply: { reply: { id: number } | null; errors: { code: string }[] } } | undefined;
    await timed('reply (GraphQL)', async () => {
      const { answer, data } = await person.browser.graphql<typeof payload & object>(POST_REPLY, { input: { threadId, body: reply.body, idempotencyKey: reply.key } });
      payload = data;
      return answer;
    });
    if (!payload) return;
    if (payload.postReply.reply) replies.push(reply);
    else measured.fail('reply (GraphQL)', JSON.stringify(payload.postReply.errors));
  }

  async function replyByForm(person: Person): Promise<void> {
    const threadId = pick(threadIds);
    const page = await timed('thread view', () => person.browser.get(`/threads/${threadId}`));
    if (!page) return;
    // The form at the foot of the thread, with the key the page gave it.
    const key = /name="idempotencyKey" value="([^"]+-thread)"/.exec(page.body)?.[1];
    if (!key) return void measured.fail('reply (form)', 'the thread page has no reply form');
    const reply = { key, body: `loadword form reply ${randomUUID()} from ${person.username}`, threadId, authorId: person.id };
    const answer = await timed('reply (form)', () => person.browser.postForm(`/threads/${threadId}`, { intent: 'reply', idempotencyKey: key, body: reply.body }));
    if (!answer) return;
    if (answer.status !== 303 || !/#reply-\d+$/.test(answer.headers.location ?? '')) return void measured.fail('reply (form)', `not saved: ${answer.status}`);
    replies.push(reply);
    await follow(person, answer, 'thread view');
  }

  async function editByGraphql(person: Person, version: number): Promise<void> {
    const slug = notebookOf(person);
    let current: { id: number; body: string } | undefined;
    await timed('page text (GraphQL)', async () => {
      const { answer, data } = await person.browser.graphql<{ page: { currentRevision: { id: number; body: string } } }>(PAGE_TEXT, { slug });
      current = data.page.currentRevision;
      return answer;
    });
    if (!current) return;
    const edit = { key: randomUUID(), slug, version, authorId: person.id };
    const body = current.body.replace(ownLine(person, version - 1), ownLine(person, version));
    let payload: { savePage: { outcome: string; revision: { id: number } | null; errors: unknown[] } } | undefined;
    await timed('page edit (GraphQL)', async () => {
      const { answer, data } = await person.browser.graphql<typeof payload & object>(SAVE_PAGE, { input: { slug, baseRevisionId: current!.id, body, summary: `Version ${version}`, idempotencyKey: edit.key } });
      payload = data;
      return answer;
    });
    if (!payload) return;
    if (payload.savePage.revision) edits.push(edit);
    else if (payload.savePage.outcome === 'Conflict') conflicts.push(`${person.username} v${version}`);
    else measured.fail('page edit (GraphQL)', JSON.stringify(payload.savePage));
  }

  async function editByForm(person: Person, version: number): Promise<void> {
    const slug = notebookOf(person);
    const form = await timed('edit form', () => person.browser.get(`/wiki/${slug}/edit`));
    if (!form) return;
    const text = textareaText(form.body, 'body');
    const key = hiddenField(form.body, 'idempotencyKey');
    if (text === undefined || !key) return void measured.fail('page edit (form)', 'the edit form has no text or key');
    const edit = { key, slug, version, authorId: person.id };
    const answer = await timed('page edit (form)', () =>
      person.browser.postForm(`/wiki/${slug}/edit`, {
        baseRevisionId: hiddenField(form.body, 'baseRevisionId') ?? '',
        idempotencyKey: key,
        title: hiddenField(form.body, 'title') ?? '',
        tags: hiddenField(form.body, 'tags') ?? '',
        summary: `Version ${version}`,
        body: text.replace(ownLine(person, version - 1), ownLine(person, version)),
      }),
    );
    if (!answer) return;
    if (answer.status !== 303 || !/\?updated=(saved|merged)$/.test(answer.headers.location ?? '')) return void measured.fail('page edit (form)', `not saved: ${answer.status} ${answer.headers.location}`);
    edits.push(edit);
    await follow(person, answer, 'page view');
  }

  it('answers every request, loses no acknowledged reply or edit, and reports its latencies', async () => {
    const state = people.map(() => ({ nextReply: 0, nextEdit: 0, editing: false, version: 0 }));
    const deadline = Date.now() + SECONDS * 1000;
    measured.start();
    await runLoops(
      CONNECTIONS,
      () => Date.now() >= deadline,
      async (worker) => {
        const person = people[worker % PEOPLE];
        const mine = state[person.index];
        const roll = Math.random();
        const now = Date.now();
        if (roll < 0.12 && now >= mine.nextReply) {
          mine.nextReply = now + REPLY_EVERY_MS;
          await (Math.random() < 0.5 ? replyByGraphql(person) : replyByForm(person));
        } else if (roll < 0.22 && now >= mine.nextEdit && !mine.editing) {
          // One edit at a time per person, as one person edits one page at a time.
          mine.nextEdit = now + EDIT_EVERY_MS;
          mine.editing = true;
          const before = edits.length;
          const version = mine.version + 1;
          await (Math.random() < 0.5 ? editByGraphql(person, version) : editByForm(person, version));
          if (edits.length > before) mine.version = version;
          mine.editing = false;
        } else if (roll < 0.4) {
          const q = pick(SEARCH_WORDS);
          if (Math.random() < 0.5) await timed('search page', () => person.browser.get(`/search?q=${encodeURIComponent(q)}`));
          else await timed('search (GraphQL)', async () => (await person.browser.graphql(SEARCH, { q })).answer);
        } else if (roll < 0.65) {
          await timed('thread view', () => person.browser.get(`/threads/${pick(threadIds)}`));
        } else {
          await timed('page view', () => person.browser.get(`/wiki/${pick(pageSlugs)}`));
        }
      },
    );
    measured.stop();
    const summary = measured.summary();

    // Every acknowledged reply is there exactly once, by its author, and nothing else was written.
    const peopleIds = people.map((person) => person.id);
    const stored = await db.query<{ body: string; idempotency_key: string; author_id: number; thread_id: number }>(
      'SELECT body, idempotency_key, author_id, thread_id FROM replies WHERE author_id = ANY($1::int[])',
      [peopleIds],
    );
    const storedBodies = new Map<string, number>();
    for (const row of stored) storedBodies.set(row.body, (storedBodies.get(row.body) ?? 0) + 1);
    const lostReplies = replies.filter((reply) => storedBodies.get(reply.body) !== 1 || !stored.some((row) => row.body === reply.body && row.author_id === reply.authorId && row.idempotency_key === reply.key));
    // And through GraphQL, as a reader sees them: each thread's replies are those acknowledged in it.
    const reader = people[0].browser;
    const missingFromThreads: string[] = [];
    for (const threadId of threadIds) {
      const { data } = await reader.graphql<{ thread: { replyCount: number; replies: { body: string }[] } }>(REPLY_COUNT, { id: threadId });
      const shown = new Set(data.thread.replies.map((reply) => reply.body));
      for (const reply of replies.filter((r) => r.threadId === threadId)) if (!shown.has(reply.body)) missingFromThreads.push(reply.body);
    }

    // Every acknowledged edit is one revision with its key, and each person's latest line is in the page.
    const revisions = await db.query<{ idempotency_key: string; author_id: number; body: string }>(
      'SELECT idempotency_key, author_id, body FROM revisions WHERE author_id = ANY($1::int[]) AND idempotency_key IS NOT NULL',
      [peopleIds],
    );
    const revisionKeys = new Map<string, number>();
    for (const row of revisions) revisionKeys.set(row.idempotency_key, (revisionKeys.get(row.idempotency_key) ?? 0) + 1);
    const lostEdits = edits.filter((edit) => revisionKeys.get(edit.key) !== 1);
    const finalTexts = new Map((await db.query<{ slug: string; body: string }>(`SELECT p.slug, r.body FROM pages p JOIN revisions r ON r.id = p.current_revision_id WHERE p.slug LIKE 'load-notebook-%'`)).map((row) => [row.slug, row.body]));
    const linesLost = people.filter((person, index) => !finalTexts.get(notebookOf(person))!.includes(ownLine(person, state[index].version)));

    const figures = {
      people: PEOPLE,
      connections: CONNECTIONS,
      full: FULL,
      ...summary,
      resentOnClosedKeptAliveConnections: people.reduce((sum, person) => sum + person.browser.resent, 0),
      writes: { replies: replies.length, edits: edits.length, editConflicts: conflicts.length },
      lost: { replies: lostReplies.length, repliesMissingFromThreads: missingFromThreads.length, edits: lostEdits.length, pageLinesLost: linesLost.length },
      duplicates: { replies: stored.length - new Set(stored.map((row) => row.body)).size, revisions: revisions.length - revisionKeys.size },
    };
    report('load', figures);

    expect(measured.failures.slice(0, 10)).toEqual([]);
    expect(conflicts).toEqual([]);
    expect(replies.length).toBeGreaterThan(0);
    expect(edits.length).toBeGreaterThan(0);
    expect(lostReplies).toEqual([]);
    expect(missingFromThreads).toEqual([]);
    // Nothing beyond what was acknowledged: no reply or revision written twice or unasked.
    expect(stored.length).toBe(replies.length);
    expect(revisions.length).toBe(edits.length);
    expect(lostEdits).toEqual([]);
    expect(linesLost.map((person) => person.username)).toEqual([]);
  }, 300_000);
});
