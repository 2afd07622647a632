#!/usr/bin/env node
// Benchmark of discussions: starts the built server on a fresh database and measures, over loopback:
//   1. postReply, one at a time on one connection, in a thread that BENCH_WATCHERS people watch
//      (so every reply also writes their notifications): latency p50/p99 and the server process's
//      CPU per reply (goal ≤ 10 ms; NodeBB spends about 200 ms);
//   2. live fan-out: 100, 500 and 1,000 socket.io viewers of one thread, anonymous and signed in,
//      each joined to the thread's room as the thread page does; replies are posted one at a time
//      and the time from starting the postReply request to each viewer receiving `reply:posted` is
//      recorded (goal: p99 ≤ 250 ms at 1,000; NodeBB: 361 ms at 100, 4.4 s at 500);
//   3. the 1,000-viewer run again with 2,000 other people online, reading other pages and threads.
// Every viewer must receive every reply exactly once; anything lost, duplicated or late (> 10 s)
// is reported and fails the run. The viewers run in this process, on the same 2 cores as the
// server and the database, so the figures include their share of the machine.
//
//   npx nx run load:bench-discussions          (builds first; embedded PostgreSQL in a temporary folder)
//   DATABASE_URL=postgres://… node tests/load/discussions-bench.mjs   (a fresh database on that server)
//   BENCH_DURATION=10 BENCH_REPLIES=1000 BENCH_WATCHERS=50 BENCH_FANOUT_REPLIES=20   (the defaults)
//   BENCH_VIEWERS=100,500,1000 BENCH_OTHERS=2000
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { benchDatabase, cpuGoal, cpuMs, Failures, freePort, GraphqlClient, mutationProblem, percentile, positive, Results, serverEnv, startServer } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(root, 'dist/server/apps/server/src/main.js');
const duration = positive('BENCH_DURATION', 10);
const maxReplies = positive('BENCH_REPLIES', 1000);
const watchers = positive('BENCH_WATCHERS', 50);
const fanOutReplies = positive('BENCH_FANOUT_REPLIES', 20);
const viewerCounts = (process.env.BENCH_VIEWERS ?? '100,500,1000').split(',').map(Number);
if (viewerCounts.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`BENCH_VIEWERS must be a comma-separated list of counts, not "${process.env.BENCH_VIEWERS}"`);
const others = positive('BENCH_OTHERS', 2000);
const WARM_UP = 20;
/** A viewer that has not received a reply this long after it was posted counts it as lost. */
const LOST_AFTER_MS = 10_000;
/** Time between replies in the fan-out runs, so each is measured on its own, not queued behind the last. */
const FAN_OUT_GAP_MS = 250;
const SIGNED_IN_ACCOUNTS = 20;

const CREATE_PAGE = `mutation($input: CreatePageInput!) { createPage(input: $input) { outcome page { slug } errors { code } } }`;
const START_THREAD = `mutation($input: StartThreadInput!) { startThread(input: $input) { thread { id } errors { code message } } }`;
const POST_REPLY = `mutation($input: PostReplyInput!) { postReply(input: $input) { reply { id } errors { code message } } }`;
const WATCH = `mutation($input: WatchInput!) { watch(input: $input) { errors { code message } } }`;

class Client extends GraphqlClient {
  static pages = 0;

  /** Runs a mutation and returns its payload, throwing on any error. */
  async mutate(name, query, input) {
    const res = await this.request(query, { input });
    const payload = res.body?.data?.[name];
    if (res.status !== 200 || res.body?.errors || !payload || payload.errors?.length) throw new Error(`${name} failed: ${res.status} ${res.text.slice(0, 300)}`);
    return payload;
  }

  /** Starts a thread on a page of its own; titles get a run number, since runs repeat. */
  async startThreadOnNewPage(title) {
    title = `${title} (${++Client.pages})`;
    const page = await this.mutate('createPage', CREATE_PAGE, { title, body: `A page for the discussions benchmark: ${title}.`, summary: 'Benchmark page' });
    const { thread } = await this.mutate('startThread', START_THREAD, { pageSlug: page.page.slug, subject: `Discussing ${title}`, body: 'An opening post for the benchmark.' });
    return { pageSlug: page.page.slug, threadId: thread.id };
  }
}

/** What went wrong with a reply, or null when it was posted. */
const replyProblem = (res) => mutationProblem(res, 'postReply', (payload) => payload.reply && !payload.errors?.length);

const results = new Results();

// ---------------------------------------------------------------------------------------------
// 1. Creating replies

async function benchReplyCreation(baseUrl, poster, pid) {
  console.log(`\n== postReply, one at a time, in a thread watched by ${watchers} people`);
  const { threadId } = await poster.startThreadOnNewPage('Reply creation');
  for (let w = 0; w < watchers; w++) {
    const watcher = new Client(baseUrl, 1);
    await watcher.register(`watcher${w + 1}`, `Watcher ${w + 1}`);
    await watcher.mutate('watch', WATCH, { threadId });
    watcher.close();
  }
  let n = 0;
  const post = () => poster.request(POST_REPLY, { input: { threadId, body: `Benchmark reply ${++n}: a few words about the recommendation under discussion.` } });
  for (let i = 0; i < WARM_UP; i++) {
    const problem = replyProblem(await post());
    if (problem) throw new Error(`postReply fails before measuring: ${problem}`);
  }
  const latencies = [];
  const failures = new Failures();
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const deadline = started + duration * 1000;
  while (latencies.length < maxReplies && performance.now() < deadline) {
    const res = await post();
    latencies.push(res.ms);
    const problem = replyProblem(res);
    if (problem) failures.add(problem);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = (cpuMs(pid) - cpuBefore) / latencies.length;
  latencies.sort((a, b) => a - b);
  results.report({
    name: `postReply, ${watchers} watchers notified`,
    count: latencies.length,
    unit: 'replies',
    failures,
    rate: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu,
    goal: cpuGoal(10),
  });
}

// ---------------------------------------------------------------------------------------------
// 2 and 3. Fan-out to viewers

/** Connects a socket.io client and joins `rooms`, as a page in the browser does; resolves once joined. */
async function connectViewer(baseUrl, cookie, rooms) {
  const socket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : undefined,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  for (const room of rooms) {
    const answer = await socket.timeout(10_000).emitWithAck('join', room);
    if (answer?.joined !== room) throw new Error(`joining ${room} was refused: ${JSON.stringify(answer)}`);
  }
  return socket;
}

/** Connects `count` viewers in batches (so the server is not asked for thousands of handshakes at once). */
async function connectViewers(count, connect) {
  const sockets = [];
  for (let i = 0; i < count; i += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, k) => connect(i + k)))));
  }
  return sockets;
}

async function benchFanOut({ baseUrl, poster, viewers, cookies, label }) {
  const signedIn = cookies.length > 0;
  const { threadId } = await poster.startThreadOnNewPage(`Fan-out to ${viewers} ${label} viewers`);
  const room = `thread:${threadId}`;
  const sockets = await connectViewers(viewers, (i) => connectViewer(baseUrl, signedIn ? cookies[i % cookies.length] : undefined, [room]));
  // replyId → { postedAt, received: count per viewer }
  const sent = new Map();
  const latencies = [];
  const failures = new Failures();
  const early = new Map(); // events that arrived before postReply answered (its id not known yet)
  sockets.forEach((socket, viewer) => {
    socket.on('reply:posted', (event) => {
      const at = performance.now();
      const record = sent.get(event.replyId);
      if (!record) {
        early.set(event.replyId, [...(early.get(event.replyId) ?? []), { viewer, at }]);
        return;
      }
      receive(record, viewer, at);
    });
  });
  const receive = (record, viewer, at) => {
    record.received[viewer]++;
    if (record.received[viewer] === 1) latencies.push(at - record.postedAt);
    else failures.add(`viewer ${viewer} received reply ${record.replyId} ${record.received[viewer]} times`);
  };

  for (let n = 0; n < fanOutReplies; n++) {
    const postedAt = performance.now();
    const res = await poster.request(POST_REPLY, { input: { threadId, body: `Fan-out reply ${n + 1}` } });
    const problem = replyProblem(res);
    if (problem) {
      failures.add(problem);
      continue;
    }
    const replyId = res.body.data.postReply.reply.id;
    const record = { replyId, postedAt, received: new Array(viewers).fill(0) };
    sent.set(replyId, record);
    for (const { viewer, at } of early.get(replyId) ?? []) receive(record, viewer, at);
    early.delete(replyId);
    await new Promise((resolve) => setTimeout(resolve, FAN_OUT_GAP_MS));
  }
  // Wait for stragglers, then count what never arrived.
  const waitUntil = performance.now() + LOST_AFTER_MS;
  const allIn = () => [...sent.values()].every((record) => record.received.every((count) => count >= 1));
  while (!allIn() && performance.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const record of sent.values()) {
    const missing = record.received.filter((count) => count === 0).length;
    if (missing > 0) failures.add(`${missing} of ${viewers} viewers never received reply ${record.replyId}`);
  }
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, failures, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function benchFanOuts(baseUrl, poster) {
  console.log(`\n== live fan-out: ${fanOutReplies} replies, ${FAN_OUT_GAP_MS} ms apart, to every viewer of one thread`);
  const cookies = [];
  for (let a = 0; a < SIGNED_IN_ACCOUNTS; a++) {
    const viewer = new Client(baseUrl, 1);
    await viewer.register(`viewer${a + 1}`, `Viewer ${a + 1}`);
    cookies.push(viewer.cookie);
    viewer.close();
  }
  const goal = (viewers) => (viewers === 1000 ? { label: 'p99 ≤ 250 ms', met: (row) => row.p99 <= 250 } : undefined);
  const run = async (viewers, signedIn, suffix = '') => {
    const result = await benchFanOut({ baseUrl, poster, viewers, cookies: signedIn ? cookies : [], label: signedIn ? 'signed-in' : 'anonymous' });
    results.report({ name: `fan-out to ${viewers} ${signedIn ? 'signed-in' : 'anonymous'} viewers${suffix}`, unit: 'receipts', ...result, goal: goal(viewers) });
  };
  for (const viewers of viewerCounts) {
    await run(viewers, false);
    await run(viewers, true);
  }

  // Others online: each reads a thread on another page (joined to that page's and thread's rooms).
  const largest = Math.max(...viewerCounts);
  console.log(`\n== the ${largest}-viewer runs again, with ${others} other people online on other pages`);
  const elsewhere = [];
  for (let p = 0; p < 20; p++) elsewhere.push(await poster.startThreadOnNewPage(`Another page ${p + 1}`));
  const otherSockets = await connectViewers(others, (i) => {
    const { pageSlug, threadId } = elsewhere[i % elsewhere.length];
    return connectViewer(baseUrl, i % 2 === 0 ? cookies[i % cookies.length] : undefined, [`page:${pageSlug}`, `thread:${threadId}`]);
  });
  try {
    await run(largest, false, `, ${others} others online`);
    await run(largest, true, `, ${others} others online`);
  } finally {
    for (const socket of otherSockets) socket.close();
  }
}

async function main_() {
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npx nx run server:build && npx nx run web:build" first (npx nx run load:bench-discussions does).`);
  const port = await freePort();
  const database = await benchDatabase('discussionsbench');
  const env = serverEnv({ ...database.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', RATE_LIMITS: 'off' });
  const header =
    `Commonplace discussions benchmark — ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}, load average ${os.loadavg()[0].toFixed(1)}), ` +
    `database: ${database.description}${process.env.REDIS_URL ? ', socket.io through the Redis streams adapter (REDIS_URL)' : ', socket.io in memory'}`;
  console.log(header);
  let server;
  let poster;
  try {
    server = await startServer({ main, cwd: root, env, port });
    poster = new Client(server.baseUrl, 1);
    await poster.register('discussions-bench', 'Discussions bench');
    await benchReplyCreation(server.baseUrl, poster, server.pid);
    await benchFanOuts(server.baseUrl, poster);
    results.print(header);
  } finally {
    poster?.close();
    await server?.stop();
    await database.cleanup();
  }
}

main_().catch((error) => {
  console.error(error);
  process.exit(1);
});
