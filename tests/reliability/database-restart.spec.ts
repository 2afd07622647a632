import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startServer, stopServer, waitUntilReady, type ServerProcess } from '../process/server-process';
import { PrivatePostgres, sleep } from './support/faults';
import { Visitor } from './support/visitor';

/*
 * PostgreSQL is restarted (stopped, left down for a few seconds, started) while the built server
 * serves. People reading and writing during the gap get a clear, quick 503 in the site's design and
 * lose nothing they typed; the site comes back by itself, and its read cache does not show what
 * was true before the gap.
 */

const PORT = 4200;
const PG_PORT = 4201;
const baseUrl = `http://127.0.0.1:${PORT}`;
/** "Quickly": a person waiting on a page, not a browser's own time-out. */
const QUICK_MS = 3000;
/** "By itself within seconds" after PostgreSQL accepts connections again. */
const RECOVERY_MS = 10_000;

let postgres: PrivatePostgres;
let server: ServerProcess;
const figures: Record<string, number> = {};

beforeAll(async () => {
  postgres = await PrivatePostgres.create(PG_PORT);
  server = startServer({ PORT: String(PORT), DATABASE_URL: postgres.url, REDIS_URL: undefined, NODE_ENV: 'production' });
  await waitUntilReady(server, baseUrl);
});

afterAll(async () => {
  console.log(`Database restart figures (ms): ${JSON.stringify(figures)}`);
  if (server) await stopServer(server);
  await postgres?.destroy();
});

/** Polls `check` until it is true; resolves with the time taken, or rejects after `timeoutMs`. */
async function within(timeoutMs: number, check: () => Promise<boolean>, what: string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return performance.now() - started;
    await sleep(100);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/**
 * The server's listening connections (the read cache's change feed), by their application_name:
 * the feed also sends each write's settle echo, so its last statement is not always the LISTEN.
 */
async function listeningConnections(): Promise<number> {
  const client = new Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'commonplace change feed' AND pid <> pg_backend_pid()`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

it('answers a quick 503 during a PostgreSQL restart, keeps a posted reply’s text, recovers by itself and serves no stale reads', async () => {
  const writer = new Visitor(baseUrl);
  await writer.register(`restart-${randomUUID().slice(0, 8)}`);
  const threadId = await writer.startThread(`Database restart ${randomUUID().slice(0, 8)}`);
  const reader = new Visitor(baseUrl);
  const threadPath = `/threads/${threadId}`;
  // Read twice, so the thread is in the read cache when PostgreSQL goes away.
  expect((await reader.get(threadPath)).status).toBe(200);
  expect((await reader.get(threadPath)).status).toBe(200);
  // The writer's reply form, as a browser would have it (its form token comes with the page).
  expect((await writer.get(threadPath)).status).toBe(200);

  await postgres.stop();
  const outageStarted = performance.now();

  // An anonymous reader: the site's 503 page, in the site's design, quickly, with Retry-After.
  const page = await reader.get(threadPath);
  figures.anonymousPage503 = Math.round(page.ms);
  expect(page.status).toBe(503);
  expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(page.ms).toBeLessThan(QUICK_MS);
  expect(page.text).toContain('class="site-header"');
  expect(page.text).toMatch(/<h1[^>]*>Sorry, the service is unavailable<\/h1>/);
  expect(page.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:4201|at [\w.]+ \(/);

  // A signed-in person reading (their session cannot be looked up): the same page, and still signed in after.
  const signedIn = await writer.get(threadPath);
  figures.signedInPage503 = Math.round(signedIn.ms);
  expect(signedIn.status).toBe(503);
  expect(signedIn.ms).toBeLessThan(QUICK_MS);
  expect(signedIn.text).toMatch(/Sorry, the service is unavailable/);
  expect(writer.cookieHeader()).toContain('commonplace_session=');

  // A GraphQL client: HTTP 503 and a typed error, no internals.
  const api = await reader.graphql(`query($id: Int!) { thread(id: $id) { subject } }`, { id: threadId });
  figures.graphql503 = Math.round(api.ms);
  expect(api.status).toBe(503);
  expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(api.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
  expect(api.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1:4201|stacktrace/);
  expect(api.ms).toBeLessThan(QUICK_MS);

  // A reply posted with JavaScript off: 503, the text back in a form to send again, and saying nothing was saved.
  const words = `Words typed during the outage ${randomUUID().slice(0, 8)}`;
  const posted = await writer.postForm(threadPath, { intent: 'reply', body: words, idempotencyKey: randomUUID() });
  figures.formPost503 = Math.round(posted.ms);
  expect(posted.status).toBe(503);
  expect(posted.ms).toBeLessThan(QUICK_MS);
  expect(posted.text).toMatch(/Nothing you sent was saved/);
  expect(posted.text).toMatch(new RegExp(`<textarea[^>]*name="body"[^>]*>${words}</textarea>`));
  const resend = /<form[^>]*>/.exec(posted.text.slice(posted.text.indexOf('<main')))?.[0] ?? '';
  expect(resend).toContain('method="post"');
  expect(resend).toContain(`action="${threadPath}"`);
  expect(posted.text).toContain('class="error-summary"');

  // Left down for a few seconds, as a real restart would be.
  await sleep(3000);
  expect(server.child.exitCode).toBeNull();
  await postgres.start();
  figures.outage = Math.round(performance.now() - outageStarted);

  figures.recovery = Math.round(await within(RECOVERY_MS, async () => (await reader.get(threadPath)).status === 200, 'the thread page answered 200 again'));
  expect((await writer.get(threadPath)).text).toMatch(/Signed in as (<!-- -->)?Reliability/);

  // The reply sent from the 503 page goes through now, once.
  const again = await writer.postForm(threadPath, { intent: 'reply', body: words, idempotencyKey: randomUUID() });
  expect(again.status).toBe(303);

  // The read cache must not show what was true before the gap: a change made straight in the
  // database (as another server process would) shows as soon as its notification arrives.
  await within(RECOVERY_MS, async () => (await listeningConnections()) >= 1, 'the change feed listened again');
  const subject = `Renamed behind the server's back ${randomUUID().slice(0, 8)}`;
  const direct = new Client({ connectionString: postgres.url });
  await direct.connect();
  await direct.query('UPDATE threads SET subject = $1 WHERE id = $2', [subject, threadId]);
  await direct.end();
  figures.freshAfterChange = Math.round(await within(5000, async () => (await reader.get(threadPath)).text.includes(subject), 'the changed subject showed'));

  // One listening connection, not one per reconnect attempt made while PostgreSQL was down.
  expect(await listeningConnections()).toBe(1);
  expect(server.child.exitCode).toBeNull();
});
