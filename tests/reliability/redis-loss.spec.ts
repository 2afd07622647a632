import { randomUUID } from 'node:crypto';
import { liveClient, type LiveClient } from '../../apps/server/src/realtime/live-socket.testing';
import { dropDatabase, freshDatabase, startServer, stopServer, waitUntilReady, type ServerProcess } from '../process/server-process';
import { PrivateRedis, sleep } from './support/faults';
import { Visitor } from './support/visitor';

/*
 * Redis (which carries live updates between server processes) stops while the built server serves,
 * then starts again. Reading, signing in and posting never depend on it; the log says it went and
 * came back, once each; and live updates resume by themselves.
 */

const PORT = 4202;
const REDIS_PORT = 4203;
const baseUrl = `http://127.0.0.1:${PORT}`;
/** Pages and posts while Redis is away: as quick as ever, never waiting on it. */
const QUICK_MS = 2000;
const PASSWORD = 'a long passphrase for the fault tests';

let redis: PrivateRedis;
let server: ServerProcess;
let live: LiveClient | undefined;
const figures: Record<string, number> = {};

beforeAll(async () => {
  redis = new PrivateRedis(REDIS_PORT);
  await redis.start();
  const databaseUrl = await freshDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server = startServer({ PORT: String(PORT), DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_STREAM_NAME: `faults-${randomUUID()}`, NODE_ENV: 'production' });
  await waitUntilReady(server, baseUrl);
});

afterAll(async () => {
  console.log(`Redis loss figures (ms): ${JSON.stringify(figures)}`);
  live?.close();
  if (server) await stopServer(server);
  await redis?.stop();
  await dropDatabase();
});

const POST_REPLY = 'mutation($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { message } } }';

/** Lines the server logged about Redis. */
const redisLines = (output: string) => output.split('\n').filter((line) => /redis/i.test(line));

it('keeps pages, sign-in and posting working while Redis is away, logs it once, and resumes live updates when it is back', async () => {
  const writer = new Visitor(baseUrl);
  await writer.register(`redis-writer-${randomUUID().slice(0, 8)}`);
  const threadId = await writer.startThread(`Redis loss ${randomUUID().slice(0, 8)}`);
  const threadPath = `/threads/${threadId}`;
  const returning = `redis-returning-${randomUUID().slice(0, 8)}`;
  await new Visitor(baseUrl).register(returning);

  // A viewer of the thread, as the web client joins it; live updates work before anything fails.
  live = await liveClient(baseUrl);
  expect(await live.join(`thread:${threadId}`)).toEqual({ joined: `thread:${threadId}` });
  const before = await writer.mutate('postReply', POST_REPLY, { threadId, body: 'Before Redis went away.' });
  await live.next('reply:posted', (payload) => payload.replyId === before.reply.id);

  const logBefore = server.output().length;
  await redis.stop();

  // While Redis is away, for a few seconds: reading, signing in and posting (with JavaScript off).
  await writer.get(threadPath); // the form token, as the page gives it
  const outageEnds = performance.now() + 5000;
  let posted = 0;
  let slowest = 0;
  while (performance.now() < outageEnds) {
    const page = await new Visitor(baseUrl).get(threadPath);
    expect(page.status).toBe(200);
    const reply = await writer.postForm(threadPath, { intent: 'reply', body: `Posted while Redis was away ${++posted}`, idempotencyKey: randomUUID() });
    expect(reply.status).toBe(303);
    slowest = Math.max(slowest, page.ms, reply.ms);
    await sleep(250);
  }
  const person = new Visitor(baseUrl);
  await person.get('/sign-in');
  const signIn = await person.postForm('/sign-in', { username: returning, password: PASSWORD });
  expect(signIn.status).toBe(303);
  expect(signIn.headers.get('set-cookie')).toContain('commonplace_session=');
  slowest = Math.max(slowest, signIn.ms);
  figures.slowestDuringOutage = Math.round(slowest);
  expect(slowest).toBeLessThan(QUICK_MS);
  const thread = await new Visitor(baseUrl).get(threadPath);
  for (let n = 1; n <= posted; n++) expect(thread.text).toContain(`Posted while Redis was away ${n}`);

  // One line saying Redis went away, not one per reconnection attempt.
  expect(redisLines(server.output().slice(logBefore))).toHaveLength(1);

  await redis.start();
  const back = performance.now();
  // A reply posted after Redis is back reaches the viewer within a few seconds.
  const after = await writer.mutate('postReply', POST_REPLY, { threadId, body: 'After Redis came back.' });
  await live.next('reply:posted', (payload) => payload.replyId === after.reply.id, 8000);
  figures.liveUpdateAfterRedisBack = Math.round(performance.now() - back);
  expect(figures.liveUpdateAfterRedisBack).toBeLessThan(5000);

  // ...and one line saying it is back (the log reaches this test through a pipe, so allow it a moment).
  for (let waited = 0; waited < 2000 && redisLines(server.output().slice(logBefore)).length < 2; waited += 100) await sleep(100);
  expect(redisLines(server.output().slice(logBefore))).toHaveLength(2);
  expect(redisLines(server.output().slice(logBefore))[1]).toContain('Redis is back');
  expect(server.child.exitCode).toBeNull();
});
