import { randomUUID } from 'node:crypto';
import { startServer, stopServer, waitUntilReady, type ServerProcess } from '../process/server-process';
import { createDatabase, GraphqlFailure, report, sleep, type TestDatabase } from './support/load';
import { registerPeople, type Person } from './support/people';

/*
 * A crash: 20 people each send a stream of replies and page edits, every one with an idempotency
 * key; the server is killed with SIGKILL in the middle and started again on the same database.
 * A client that got no answer (connection reset, refused, nothing back) sends the same write again,
 * with the same key, until it gets one. Afterwards every write that was answered with success is
 * there, once, and the retries made no second copies.
 */
const PORT = 4221;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const CLIENTS = 20;
const NOTEBOOKS = 4;
const BEFORE_KILL_MS = 5_000;
const AFTER_RESTART_MS = 5_000;
// One write every 1.5 s per person, alternating replies and edits: 20 of each a minute, under the
// 60 a minute the site allows one person for each, so no retry is ever refused for its rate.
const WRITE_EVERY_MS = 1_500;

const CREATE_PAGE = `mutation ($input: CreatePageInput!) { createPage(input: $input) { page { slug } errors { code } } }`;
const START_THREAD = `mutation ($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code } } }`;
const POST_REPLY = `mutation ($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code message } } }`;
const SAVE_PAGE = `mutation ($input: SavePageInput!) { savePage(input: $input) { outcome revision { id } errors { code message } } }`;
const PAGE_TEXT = `query ($slug: String!) { page(slug: $slug) { currentRevision { id body } } }`;

const ownLine = (person: Person, version: number) => `writer-${person.index + 1} saved version ${version}.`;
const notebookOf = (person: Person) => `crash-notebook-${(person.index % NOTEBOOKS) + 1}`;

/** No answer from the server, or one from a server not yet (or no longer) serving: send it again. */
function isRetryable(error: unknown): boolean {
  if (error instanceof GraphqlFailure) return error.answer.status >= 502;
  return true; // ECONNRESET, ECONNREFUSED, socket hang up, no answer in time
}

describe(`SIGKILL in the middle of ${CLIENTS} clients writing`, () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let people: Person[];
  let threadIds: number[];

  beforeAll(async () => {
    db = await createDatabase('reliability_crash');
    server = startServer({ PORT: String(PORT), NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: undefined });
    await waitUntilReady(server, BASE_URL, 120_000);
    people = await registerPeople(BASE_URL, '127.0.2', CLIENTS, 'writer', 2, false); // every resend is the test's own
    for (let n = 1; n <= NOTEBOOKS; n++) {
      const owners = people.filter((person) => notebookOf(person) === `crash-notebook-${n}`);
      const body = [`Written through a crash, number ${n}.`, ...owners.flatMap((person) => ['', ownLine(person, 0), '', `(End of writer ${person.index + 1}'s part.)`])].join('\n');
      const { data } = await people[n - 1].browser.graphql<{ createPage: { page: { slug: string } | null } }>(CREATE_PAGE, { input: { title: `Crash notebook ${n}`, body } });
      expect(data.createPage.page?.slug).toBe(`crash-notebook-${n}`);
    }
    threadIds = [];
    for (let n = 0; n < 4; n++) {
      const { data } = await people[n].browser.graphql<{ startThread: { thread: { id: number } } }>(START_THREAD, {
        input: { pageSlug: 'emerging-issues', subject: `Crash thread ${n + 1}`, body: 'Replies keep coming while the server dies.' },
      });
      threadIds.push(data.startThread.thread.id);
    }
  }, 240_000);

  afterAll(async () => {
    for (const person of people ?? []) person.browser.close();
    if (server) await stopServer(server);
    await db?.drop();
  });

  it('keeps every acknowledged reply and edit exactly once, and retries with the same keys make no duplicates', async () => {
    const acknowledgedReplies: { key: string; body: string; authorId: number; replyId: number }[] = [];
    const acknowledgedEdits: { key: string; authorId: number; revisionId: number }[] = [];
    const versions = people.map(() => 0);
    let retried = 0;
    let retriedWrites = 0;
    let writesInFlight = 0;
    let stopping = false;
    const refusals: string[] = [];

    const retriedKeys: string[] = [];
    /** Sends until answered; counts the sends after the first, and remembers which writes needed them. */
    async function untilAnswered<T>(send: () => Promise<T>, key?: string): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        if (key) writesInFlight++;
        try {
          const answer = await send();
          if (attempt > 0 && key) {
            retriedWrites++;
            retriedKeys.push(key);
          }
          return answer;
        } catch (error) {
          if (!isRetryable(error)) throw error;
          retried++;
        } finally {
          if (key) writesInFlight--;
        }
        await sleep(250);
      }
    }

    async function reply(person: Person, n: number): Promise<void> {
      const key = randomUUID();
      const body = `Crash reply ${n} from ${person.username} (${key})`;
      const threadId = threadIds[n % threadIds.length];
      const { data } = await untilAnswered(() =>
        person.browser.graphql<{ postReply: { reply: { id: number } | null; errors: unknown[] } }>(POST_REPLY, { input: { threadId, body, idempotencyKey: key } }),
        key,
      );
      if (data.postReply.reply) acknowledgedReplies.push({ key, body, authorId: person.id, replyId: data.postReply.reply.id });
      else refusals.push(JSON.stringify(data.postReply.errors));
    }

    async function edit(person: Person): Promise<void> {
      const slug = notebookOf(person);
      // Reading is not a write: read again until the server answers.
      const { data: page } = await untilAnswered(() => person.browser.graphql<{ page: { currentRevision: { id: number; body: string } } }>(PAGE_TEXT, { slug }));
      const version = versions[person.index] + 1;
      const key = randomUUID();
      const input = {
        slug,
        baseRevisionId: page.page.currentRevision.id,
        body: page.page.currentRevision.body.replace(ownLine(person, version - 1), ownLine(person, version)),
        summary: `Version ${version}`,
        idempotencyKey: key,
      };
      // A retry sends exactly the same save: same key, same starting revision, same text.
      const { data } = await untilAnswered(() => person.browser.graphql<{ savePage: { outcome: string; revision: { id: number } | null; errors: unknown[] } }>(SAVE_PAGE, { input }), key);
      if (data.savePage.revision) {
        acknowledgedEdits.push({ key, authorId: person.id, revisionId: data.savePage.revision.id });
        versions[person.index] = version;
      } else refusals.push(JSON.stringify(data.savePage));
    }

    // Spread over the interval: clients starting together would write in bursts, and the kill (and the
    // restart's downtime) could fall between two bursts, cutting nothing off.
    const clients = people.map(async (person) => {
      await sleep((person.index * WRITE_EVERY_MS) / CLIENTS);
      for (let n = 0; !stopping; n++) {
        const started = Date.now();
        await (n % 2 === 0 ? reply(person, n) : edit(person));
        await sleep(Math.max(0, WRITE_EVERY_MS - (Date.now() - started)));
      }
    });

    await sleep(BEFORE_KILL_MS);
    // The kill lands while writes are on their way, whatever the machine's speed.
    for (const deadline = Date.now() + WRITE_EVERY_MS * 2; writesInFlight === 0 && Date.now() < deadline; ) await sleep(1);
    const acknowledgedBeforeKill = acknowledgedReplies.length + acknowledgedEdits.length;
    expect(await stopServer(server, 'SIGKILL')).toBeNull(); // killed, not exited
    const killedAt = Date.now();
    const [{ now: killedAtInDatabase }] = await db.query<{ now: Date }>('SELECT now()');
    server = startServer({ PORT: String(PORT), NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: undefined });
    await waitUntilReady(server, BASE_URL, 120_000);
    const downMs = Date.now() - killedAt;
    await sleep(AFTER_RESTART_MS);
    stopping = true;
    await Promise.all(clients);

    const ids = people.map((person) => person.id);
    const replies = await db.query<{ id: number; body: string; idempotency_key: string; author_id: number }>(
      `SELECT id, body, idempotency_key, author_id FROM replies WHERE author_id = ANY($1::int[])`,
      [ids],
    );
    const revisions = await db.query<{ id: number; idempotency_key: string; author_id: number }>(
      `SELECT id, idempotency_key, author_id FROM revisions WHERE author_id = ANY($1::int[]) AND base_revision_id IS NOT NULL`,
      [ids],
    );
    const count = (values: string[]) => values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map<string, number>());
    const replyBodies = count(replies.map((row) => row.body));
    const revisionKeys = count(revisions.map((row) => row.idempotency_key));
    const missingReplies = acknowledgedReplies.filter((ack) => !replies.some((row) => row.id === ack.replyId && row.body === ack.body && row.idempotency_key === ack.key && row.author_id === ack.authorId));
    const duplicatedReplies = [...replyBodies].filter(([, n]) => n > 1);
    const missingEdits = acknowledgedEdits.filter((ack) => !revisions.some((row) => row.id === ack.revisionId && row.idempotency_key === ack.key));
    const duplicatedEdits = [...revisionKeys].filter(([, n]) => n > 1);
    const texts = new Map((await db.query<{ slug: string; body: string }>(`SELECT p.slug, r.body FROM pages p JOIN revisions r ON r.id = p.current_revision_id WHERE p.slug LIKE 'crash-notebook-%'`)).map((row) => [row.slug, row.body]));
    // Retried writes the killed server had already saved: their keys found them, so the retry made no copy.
    const savedBeforeKill = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM replies WHERE idempotency_key = ANY($1::text[]) AND created_at < $2)
            + (SELECT count(*) FROM revisions WHERE idempotency_key = ANY($1::text[]) AND created_at < $2) AS n`,
      [retriedKeys, killedAtInDatabase],
    );
    const linesLost = people.filter((person) => !texts.get(notebookOf(person))!.includes(ownLine(person, versions[person.index])));

    report('crash', {
      clients: CLIENTS,
      acknowledgedBeforeKill,
      downSeconds: Math.round(downMs / 100) / 10,
      replies: acknowledgedReplies.length,
      edits: acknowledgedEdits.length,
      sendsRetried: retried,
      writesThatNeededRetries: retriedWrites,
      retriedWritesAlreadySavedBeforeTheKill: Number(savedBeforeKill[0].n),
      missing: { replies: missingReplies.length, edits: missingEdits.length, pageLines: linesLost.length },
      duplicates: { replies: duplicatedReplies.length, edits: duplicatedEdits.length },
    });

    expect(refusals).toEqual([]);
    expect(acknowledgedBeforeKill).toBeGreaterThan(0);
    // The kill cut writes off in the middle: some were sent again.
    expect(retriedWrites).toBeGreaterThan(0);
    expect(missingReplies).toEqual([]);
    expect(duplicatedReplies).toEqual([]);
    expect(missingEdits).toEqual([]);
    expect(duplicatedEdits).toEqual([]);
    // Nothing beyond the acknowledged writes: every write was answered in the end, so each is counted.
    expect(replies.length).toBe(acknowledgedReplies.length);
    expect(revisions.length).toBe(acknowledgedEdits.length);
    expect(linesLost.map((person) => person.username)).toEqual([]);
  }, 240_000);
});
