#!/usr/bin/env node
// Benchmark of the paths issue 12 sets goals for (item 6), each against its goal:
//   - anonymous view of /wiki/emerging-issues from the read cache, as a browser asks (brotli/gzip);
//   - the same view with the read cache off (READ_CACHE=off, on a second server);
//   - the first view after a change, one at a time: a new page is created, then /wiki/emerging-issues
//     is viewed (only the view counted), as ../shared/bench/side-by-side measures it against
//     MediaWiki's first view after a purge;
//   - the first view of a page just edited, one edit and one view at a time (only the view counted);
//   - a signed-in reader's view;
//   - saving an edit (the savePage mutation the edit form sends);
//   - the history page with the read cache off;
//   - a newcomer's first visit in Chromium (bytes and requests until the page is idle);
//   - what `npm start` runs (it must be the production build).
//
// For each it prints CPU per request summed over the server process and its PostgreSQL (every
// process below each, walked through parent pids in /proc), and SQL statements and round trips per
// request, counted on the wire by a proxy between the server and PostgreSQL.
//
// The benchmark starts its own embedded PostgreSQL (the server's code for it, from dist/) in a
// temporary folder, as a child of this process, so that its processes can be found and their CPU
// summed; DATABASE_URL is ignored for that reason. The server runs without REDIS_URL and SMTP_URL,
// as a newcomer's does.
//
//   npm run bench:paths                 (nx run load:bench-paths: builds server and web first)
//   BENCH_DURATION=5                    seconds of load per path (the default); the edit rounds
//                                       stop after 3 × BENCH_DURATION seconds or BENCH_EDITS (100)
//   BENCH_CONNECTIONS=4                 connections for the loaded paths (the default)
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuBetween, describeGoal, descendants, formatTable, readProcesses, readTrees, startWireCounter, verdict } from './measuring.mjs';
import { freePort, GraphqlClient, mutationProblem, positive, serverEnv, startServer, waitUntilReady } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(root, 'dist/server/apps/server/src/main.js');
const embeddedBuild = path.join(root, 'dist/server/apps/server/src/database/embedded-postgres.js');
const duration = positive('BENCH_DURATION', 5);
const connections = positive('BENCH_CONNECTIONS', 4);
const maxEdits = positive('BENCH_EDITS', 100);
const SLUG = 'emerging-issues';
const PAGE = `/wiki/${SLUG}`;
/** Time for work a request leaves behind (compressing a finished page off the main thread, live events) to be counted with it. */
const SETTLE_MS = 50;

/** What Chromium sends for a page it navigates to. */
const BROWSER_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br, zstd',
  'accept-language': 'en-GB,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
};

const CREATE_PAGE = `mutation CreatePage($input: CreatePageInput!) { createPage(input: $input) { outcome page { slug } errors { field message code } } }`;
const EDIT_PAGE = `query EditPage($slug: String!) { page(slug: $slug) { slug title tags currentRevision { id body } } }`;
// The edit form's mutation and answer (apps/web/app/pages.server.ts).
const SAVE_PAGE = `mutation SavePage($input: SavePageInput!) { savePage(input: $input) { outcome page { slug title } revision { id }
  conflict { yourText mergedText currentRevision { id body createdAt summary author { username displayName } } parts { mine theirs base } }
  errors { field message code } } }`;

const ms = (value) => (value === undefined ? '' : value.toFixed(2));
const perRequest = (value) => (value === undefined ? '' : value.toFixed(1));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The paths and their goals (issue 12), in the order the table prints them. */
const PATHS = [
  { key: 'cached', name: `anonymous view, read cache (${PAGE})`, goal: [{ figure: 'cpuMs', max: 1, label: '≤ 1 ms CPU' }] },
  {
    key: 'uncached',
    name: 'anonymous view, read cache off',
    goal: [
      { figure: 'cpuMs', max: 4, label: '≤ 4 ms CPU' },
      { figure: 'roundTrips', max: 4, label: '≤ 4 SQL round trips' },
    ],
  },
  { key: 'afterChange', name: 'first view after a change (a page created; one at a time)', goal: [{ figure: 'cpuMs', max: 4, label: '≤ 4 ms CPU' }] },
  { key: 'afterEdit', name: 'first view of the page just edited (one at a time)', goal: [{ figure: 'cpuMs', max: 4, label: '≤ 4 ms CPU' }] },
  { key: 'signedInAfterChange', name: "signed-in reader's view after a page was created (one at a time)", goal: [{ figure: 'cpuMs', max: 3, label: '≤ 3 ms CPU' }] },
  {
    key: 'signedIn',
    name: "signed-in reader's view",
    goal: [
      { figure: 'cpuMs', max: 3, label: '≤ 3 ms CPU' },
      { figure: 'statements', max: 6, label: '≤ 6 statements' },
    ],
  },
  { key: 'save', name: 'save an edit (savePage, one at a time)', goal: [{ figure: 'cpuMs', max: 5, label: '≤ 5 ms CPU' }] },
  { key: 'history', name: `history page, read cache off (${PAGE}/history)`, goal: [{ figure: 'cpuMs', max: 3, label: '≤ 3 ms CPU' }] },
  {
    key: 'firstVisit',
    name: `first visit in Chromium (${PAGE})`,
    goal: [
      { figure: 'kilobytes', max: 100, label: '≤ 100 KB' },
      { figure: 'requests', max: 8, label: '≤ 8 requests before idle' },
    ],
  },
  { key: 'npmStart', name: '`npm start` as a newcomer runs it', goal: [{ figure: 'productionBuild', label: 'the production build' }] },
];

const figures = {}; // by path key
let failed = false;

function fail(message) {
  console.log(`  FAILED: ${message}`);
  failed = true;
}

async function main_() {
  for (const file of [main, embeddedBuild]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npx nx run-many -t build -p server web" first (npm run bench:paths does).`);
  }
  console.log(`Commonplace paths benchmark: ${duration} s of load per path at ${connections} connections, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (process.env.DATABASE_URL) console.log('DATABASE_URL is ignored: the PostgreSQL must be a child of this benchmark for its CPU to be counted.');

  const folder = mkdtempSync(path.join(os.tmpdir(), 'commonplace-paths-'));
  // As root, the embedded PostgreSQL runs as the `postgres` system user, which must be able to enter the folder.
  chmodSync(folder, 0o755);
  const { startEmbeddedPostgres } = createRequire(import.meta.url)(embeddedBuild);
  const database = await startEmbeddedPostgres({ dataDir: path.join(folder, 'data') });
  const databaseUrl = new URL(database.url);
  const postmaster = [...readProcesses().values()].find((p) => p.ppid === process.pid && p.comm === 'postgres');
  if (!postmaster) throw new Error('could not find the embedded PostgreSQL among this process’s children');
  const wire = await startWireCounter({ host: '127.0.0.1', port: Number(databaseUrl.port) });
  const proxiedUrl = new URL(database.url);
  proxiedUrl.port = String(wire.port);
  console.log(`Embedded PostgreSQL (process ${postmaster.pid}) in ${folder}; the server reaches it through a statement-counting proxy on port ${wire.port}.`);

  const env = (changes) =>
    serverEnv({ HOST: '127.0.0.1', NODE_ENV: 'production', RATE_LIMITS: 'off', DATABASE_URL: proxiedUrl.toString(), DATA_DIR: undefined, REDIS_URL: undefined, SMTP_URL: undefined, READ_CACHE: undefined, ...changes });
  try {
    // Read cache on: the paths people take most.
    {
      const port = await freePort();
      console.log('\n== server with the read cache on');
      const server = await startServer({ main, cwd: root, env: env({ PORT: String(port) }), port });
      const meter = new Meter({ server: server.pid, postgres: postmaster.pid }, wire);
      try {
        await meter.idle();
        await firstVisit(server.baseUrl);
        await loaded('cached', meter, { url: server.baseUrl + PAGE, headers: BROWSER_HEADERS, expect: { kept: true, text: 'Emerging issues' } });
        const reader = new GraphqlClient(server.baseUrl, 1);
        await reader.register(`bench-reader-${process.pid}`, 'Bench reader');
        await loaded('signedIn', meter, { url: server.baseUrl + PAGE, headers: { ...BROWSER_HEADERS, cookie: reader.cookie }, expect: { text: 'Bench reader' } });
        await editThenView(server.baseUrl, meter, reader.cookie);
        reader.close();
      } finally {
        await server.stop();
      }
    }
    // Read cache off: the full work of every request, on a second server.
    {
      const port = await freePort();
      console.log('\n== server with the read cache off (READ_CACHE=off)');
      const server = await startServer({ main, cwd: root, env: env({ PORT: String(port), READ_CACHE: 'off' }), port });
      const meter = new Meter({ server: server.pid, postgres: postmaster.pid }, wire);
      try {
        await loaded('uncached', meter, { url: server.baseUrl + PAGE, headers: BROWSER_HEADERS, expect: { text: 'Emerging issues' } });
        await loaded('history', meter, { url: `${server.baseUrl}${PAGE}/history`, headers: BROWSER_HEADERS, expect: { text: 'History' } });
      } finally {
        await server.stop();
      }
    }
  } finally {
    await wire.close();
    await database.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  await npmStart();
  printTable();
}

/** CPU of the server's and PostgreSQL's process trees and statements on the wire, read together. */
class Meter {
  constructor(roots, wire) {
    this.roots = roots;
    this.wire = wire;
  }

  read() {
    return { cpu: readTrees(this.roots), sql: this.wire.totals(), at: performance.now() };
  }

  /** What the window from `before` to now cost, per `count` requests. */
  since(before, count) {
    const after = this.read();
    const cpu = cpuBetween(before.cpu, after.cpu);
    return {
      cpuMs: cpu.total / count,
      serverMs: cpu.server / count,
      postgresMs: cpu.postgres / count,
      statements: (after.sql.statements - before.sql.statements) / count,
      roundTrips: (after.sql.roundTrips - before.sql.roundTrips) / count,
      processes: after.cpu,
    };
  }

  /** Background work with nothing asked, so the reader can judge what the windows below carry. */
  async idle() {
    const before = this.read();
    await sleep(2000);
    const spent = this.since(before, 2);
    console.log(
      `  idle, per second: ${ms(spent.cpuMs)} ms CPU (server ${spent.processes.server.processes} process(es), PostgreSQL ${spent.processes.postgres.processes}), ${spent.statements} SQL statements`,
    );
  }
}

/** A path under autocannon load: checked first, warmed up, then measured for `duration` seconds. */
async function loaded(key, meter, { url, headers, expect }) {
  // Warmed up first: the first answer is rendered and compressed on the fly, later ones are kept copies.
  await autocannon({ url, headers, connections, duration: 1 });
  const check = await fetch(url, { headers });
  const text = await check.text();
  if (check.status !== 200 || !text.includes(expect.text)) return fail(`${key}: ${url} answered ${check.status}: ${text.slice(0, 200)}`);
  const encoding = check.headers.get('content-encoding') ?? 'identity';
  // A page kept whole carries an ETag and comes in the kept gzip or brotli copy, whichever the server chooses from what the browser accepts.
  if (expect.kept && !(check.headers.get('etag') && ['br', 'gzip'].includes(encoding))) return fail(`${key}: ${url} was not served kept whole (ETag ${check.headers.get('etag')}, ${encoding})`);
  const before = meter.read();
  const result = await autocannon({ url, headers, connections, duration });
  const requests = result.requests.total;
  const spent = meter.since(before, requests);
  const failures = result.errors + result.timeouts + result.non2xx;
  figures[key] = { ...spent, encoding, requests, rate: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failures, bytes: result.throughput.total / requests };
  console.log(
    `  ${PATHS.find((p) => p.key === key).name}: ${requests} requests (${failures} failed), ${kb(result.throughput.total / requests)} each (${encoding}), ${result.requests.average.toFixed(0)}/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `CPU ${ms(spent.cpuMs)} ms/request (server ${ms(spent.serverMs)}, PostgreSQL ${ms(spent.postgresMs)}), ${perRequest(spent.statements)} statements, ${perRequest(spent.roundTrips)} round trips`,
  );
  if (failures > 0) fail(`${key}: ${failures} requests failed`);
}

/**
 * Saving an edit and the first view after it, one at a time: a signed-in person saves a change to
 * the page (based on the revision the last save made), then someone signed out views it, as a
 * browser asks. Each save and each view is its own window, and each waits SETTLE_MS after its answer
 * for the work it left behind.
 */
async function editThenView(baseUrl, meter, readerCookie) {
  const editor = new GraphqlClient(baseUrl, 1);
  await editor.register(`bench-editor-${process.pid}`, 'Bench editor');
  const opened = await editor.request(EDIT_PAGE, { slug: SLUG });
  const page = opened.body?.data?.page;
  if (!page?.currentRevision) return fail(`could not open ${SLUG} for editing: ${opened.text.slice(0, 200)}`);
  let baseRevisionId = page.currentRevision.id;
  const save = { cpu: 0, server: 0, postgres: 0, statements: 0, roundTrips: 0 };
  const view = { ...save };
  const elsewhere = { ...save };
  const elsewhereSignedIn = { ...save };
  const add = (sum, spent) => {
    sum.cpu += spent.cpuMs;
    sum.server += spent.serverMs;
    sum.postgres += spent.postgresMs;
    sum.statements += spent.statements;
    sum.roundTrips += spent.roundTrips;
  };
  const readerHeaders = { ...BROWSER_HEADERS, cookie: readerCookie };
  /** One view of the page, measured into `sum` (when given) with the work it leaves behind; false once it failed. */
  const viewPage = async (sum, headers, text, what) => {
    const before = meter.read();
    const answer = await fetch(baseUrl + PAGE, { headers });
    const html = await answer.text();
    await sleep(SETTLE_MS);
    if (sum) add(sum, meter.since(before, 1));
    if (answer.status === 200 && html.includes(text)) return true;
    fail(`${what} answered ${answer.status} without "${text}"`);
    return false;
  };
  const deadline = performance.now() + 3 * duration * 1000;
  let rounds = 0;
  while (rounds < maxEdits && performance.now() < deadline) {
    // A change elsewhere first: a new page (what the side-by-side harness does before its timed view).
    const created = await editor.request(CREATE_PAGE, { input: { title: `Benchmark probe ${process.pid} ${rounds + 1}`, body: 'A page made to change the wiki before a timed view.\n', summary: 'Benchmark probe' } });
    const createProblem = mutationProblem(created, 'createPage', (payload) => payload.outcome === 'Saved');
    if (createProblem) return fail(`create ${rounds + 1}: ${createProblem}`);
    await sleep(SETTLE_MS);
    if (!(await viewPage(elsewhere, BROWSER_HEADERS, 'Emerging issues', `view after create ${rounds + 1}`))) return;
    if (!(await viewPage(elsewhereSignedIn, readerHeaders, 'Bench reader', `signed-in view after create ${rounds + 1}`))) return;
    const marker = `Benchmark edit number ${rounds + 1}`;
    // The seeded text and this round's marker: the page stays the size it was seeded at.
    const input = { slug: SLUG, baseRevisionId, body: `${page.currentRevision.body.trimEnd()}\n\n${marker}.\n`, summary: 'Benchmark edit', title: page.title, tags: [page.tags.join(', ')], idempotencyKey: `${process.pid}-${rounds}` };
    const beforeSave = meter.read();
    const saved = await editor.request(SAVE_PAGE, { input });
    const problem = mutationProblem(saved, 'savePage', (payload) => payload.outcome === 'Saved' && payload.revision);
    if (problem) return fail(`save ${rounds + 1}: ${problem}`);
    baseRevisionId = saved.body.data.savePage.revision.id;
    await sleep(SETTLE_MS);
    add(save, meter.since(beforeSave, 1));
    if (!(await viewPage(view, BROWSER_HEADERS, marker, `view after save ${rounds + 1}`))) return;
    // The reader sees the edit too (not measured): their kept page is then current for the next round.
    if (!(await viewPage(null, readerHeaders, marker, `signed-in view after save ${rounds + 1}`))) return;
    rounds++;
  }
  editor.close();
  for (const [key, sum, what] of [
    ['save', save, 'saves'],
    ['afterEdit', view, 'views of the page just edited'],
    ['afterChange', elsewhere, 'views after a page was created'],
    ['signedInAfterChange', elsewhereSignedIn, 'signed-in views after a page was created'],
  ]) {
    figures[key] = { cpuMs: sum.cpu / rounds, serverMs: sum.server / rounds, postgresMs: sum.postgres / rounds, statements: sum.statements / rounds, roundTrips: sum.roundTrips / rounds, requests: rounds };
    const f = figures[key];
    console.log(`  ${rounds} ${what}, one at a time: CPU ${ms(f.cpuMs)} ms each (server ${ms(f.serverMs)}, PostgreSQL ${ms(f.postgresMs)}), ${perRequest(f.statements)} statements, ${perRequest(f.roundTrips)} round trips`);
  }
}

/**
 * A newcomer's first visit in Chromium (Debian's, never a downloaded one): a fresh context with the
 * cache off, every request recorded from the network as page-weight.spec.ts does. The goal is on
 * what arrives before the page is first idle; the whole visit, with the live client, is printed too.
 */
async function firstVisit(baseUrl) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let started = 0;
    const finished = [];
    cdp.on('Network.requestWillBeSent', () => started++);
    cdp.on('Network.loadingFinished', (event) => finished.push(event.encodedDataLength));
    const response = await page.goto(PAGE, { waitUntil: 'networkidle' });
    if (response?.status() !== 200) return fail(`first visit: ${PAGE} answered ${response?.status()}`);
    const idle = { bytes: finished.reduce((a, b) => a + b, 0), requests: finished.length };
    await page.getByText('Live updates on').waitFor({ timeout: 10_000 }).catch(() => undefined);
    for (let waited = 0; started > finished.length && waited < 5000; waited += 100) await sleep(100);
    const whole = { bytes: finished.reduce((a, b) => a + b, 0), requests: finished.length };
    figures.firstVisit = { kilobytes: idle.bytes / 1024, requests: idle.requests, whole };
    console.log(`  first visit in Chromium: ${kb(idle.bytes)} in ${idle.requests} requests until idle; ${kb(whole.bytes)} in ${whole.requests} with the live client`);
    await context.close();
  } finally {
    await browser.close();
  }
}

/**
 * `npm start` as a newcomer runs it (no DATABASE_URL, no NODE_ENV): it must serve the production
 * build. Found by walking down from npm to the process that serves, and reading its command line
 * and environment.
 */
async function npmStart() {
  console.log('\n== npm start, as a newcomer runs it');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'commonplace-npm-start-'));
  chmodSync(folder, 0o755);
  const port = await freePort();
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: serverEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(folder, 'data'), DATABASE_URL: undefined, NODE_ENV: undefined, REDIS_URL: undefined, SMTP_URL: undefined }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let serving;
  try {
    await waitUntilReady(`http://127.0.0.1:${port}`, child);
    const tree = descendants(readProcesses(), child.pid);
    const commands = tree.map((p) => ({ pid: p.pid, command: readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').join(' ').trim() }));
    serving = commands.find((p) => /^\S*node\S* .*dist\/server\/apps\/server\/src\/main\.js/.test(p.command));
    const environment = serving ? readFileSync(`/proc/${serving.pid}/environ`, 'utf8').split('\0') : [];
    const production = environment.includes('NODE_ENV=production');
    const development = commands.filter((p) => /\b(vite|ts-node|tsx|nodemon)\b|--watch/.test(p.command));
    figures.npmStart = { productionBuild: Boolean(serving) && production && development.length === 0 };
    const script = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.start;
    console.log(`  npm start runs "${script}"; the process serving is ${serving ? `"${serving.command}" with NODE_ENV=${environment.find((v) => v.startsWith('NODE_ENV='))?.slice(9) ?? '(unset)'}` : 'not found'}` + (development.length ? `; development tools running: ${development.map((p) => p.command).join('; ')}` : ''));
  } catch (error) {
    fail(`npm start: ${error.message}\n${output.slice(-1000)}`);
    figures.npmStart = { productionBuild: false };
  } finally {
    // The server stops its own PostgreSQL; npm and nx end when it does. Anything left is ended by pid.
    const serverPid = serving?.pid;
    if (serverPid) process.kill(serverPid, 'SIGTERM');
    else if (child.exitCode === null) child.kill('SIGTERM');
    const left = await Promise.race([exited.then(() => false), sleep(20_000).then(() => true)]);
    if (left) for (const p of [...descendants(readProcesses(), child.pid).reverse(), { pid: child.pid }]) try { process.kill(p.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(folder, { recursive: true, force: true });
  }
}

function printTable() {
  const head = ['path', 'requests', 'CPU ms/req', 'server', 'PostgreSQL', 'SQL stmts/req', 'round trips/req', 'bytes/req', 'goal', 'verdict'];
  const rows = PATHS.map((path) => {
    const f = figures[path.key] ?? {};
    const { met, misses } = verdict(path.goal, f);
    let weight = f.bytes === undefined ? '' : `${kb(f.bytes)} ${f.encoding}`;
    if (path.key === 'firstVisit' && f.whole) weight = `${f.kilobytes.toFixed(1)} KB (${kb(f.whole.bytes)} in ${f.whole.requests} with live client)`;
    if (path.key === 'npmStart' && f.productionBuild !== undefined) weight = f.productionBuild ? 'serves dist/ with NODE_ENV=production' : 'not the production build';
    return [path.name, f.requests ?? '', ms(f.cpuMs), ms(f.serverMs), ms(f.postgresMs), perRequest(f.statements), perRequest(f.roundTrips), weight, describeGoal(path.goal), met ? 'met' : `MISSED (${misses.join(', ')})`];
  });
  console.log(`\nPaths and their goals (issue 12)\n${formatTable(head, rows, [0, 7, 8, 9])}`);
  console.log(
    [
      'CPU: user + system time of the server process and of the embedded PostgreSQL, each with every process below it (followed through parent pids',
      'in /proc, including children they have waited for), from /proc/<pid>/stat in 10 ms ticks; the load generator and the SQL proxy are not counted.',
      'SQL: messages the server sent PostgreSQL, counted on the wire: a statement is a simple Query or an extended-protocol Execute; a round trip is a',
      'simple Query or a Sync. Saves and views after a change each include 50 ms after their answer, for the work they leave behind.',
      'bytes/req: the answer as autocannon received it (headers and compressed body). The first visit: bytes on the wire (headers and compressed bodies)',
      'with the browser cache off, until the network is first idle; "requests" are those before idle. Figures vary with whatever else the machine runs.',
    ].join('\n'),
  );
}

main_().then(
  // Ended here: keep-alive sockets and the browser's leftovers must not keep the process, nor its exit code.
  () => process.exit(failed ? 1 : 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
