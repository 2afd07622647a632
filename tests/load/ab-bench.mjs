#!/usr/bin/env node
// A/B comparison of two builds on the paths of issue 12, interleaved, for a machine that is not
// quiet: the same fixed number of requests, one at a time, against build A then build B, round
// after round, so whatever else the machine runs weighs on both alike. Prints, per path, the CPU
// per request (server + its PostgreSQL, as paths-bench.mjs counts it) of each round and the median
// of the rounds, and SQL statements per request.
//
//   node tests/load/ab-bench.mjs <A dist folder> <B dist folder>
//   (each a copy of dist/ inside the repository, e.g. cp -r dist dist-before, so that the
//   server's node_modules resolve)
//   AB_ROUNDS=5 AB_REQUESTS=300 AB_PATHS=cached,uncached,history,signedIn,edit
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { descendants, readProcesses, startWireCounter } from './measuring.mjs';
import { freePort, GraphqlClient, positive, serverEnv, startServer } from './support.mjs';

// Each argument is a dist folder, optionally followed by node options after a colon: dist-b:--max-semi-space-size=32
const [[distA, argsA], [distB, argsB]] = process.argv.slice(2).map((arg) => {
  const [dir, ...options] = arg.split(':');
  return [path.resolve(dir), options.join(':').split(' ').filter(Boolean)];
});
if (!distA || !distB) throw new Error('usage: node tests/load/ab-bench.mjs <A dist folder> <B dist folder>');
const rounds = positive('AB_ROUNDS', 5);
const requests = positive('AB_REQUESTS', 300);
const wanted = (process.env.AB_PATHS ?? 'cached,uncached,history,signedIn,edit').split(',');
const SLUG = 'emerging-issues';
const PAGE = `/wiki/${SLUG}`;
const HEADERS = { accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'gzip, deflate, br, zstd', 'user-agent': 'Mozilla/5.0 Chrome/140.0.0.0' };
const SAVE_PAGE = `mutation SavePage($input: SavePageInput!) { savePage(input: $input) { outcome revision { id } errors { field message code } } }`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const folder = mkdtempSync(path.join(os.tmpdir(), 'commonplace-ab-'));
chmodSync(folder, 0o755);
const { startEmbeddedPostgres } = createRequire(import.meta.url)(path.join(distA, 'server/apps/server/src/database/embedded-postgres.js'));
const database = await startEmbeddedPostgres({ dataDir: path.join(folder, 'data') });
const postmaster = [...readProcesses().values()].find((p) => p.ppid === process.pid && p.comm === 'postgres');
const wire = await startWireCounter({ host: '127.0.0.1', port: Number(new URL(database.url).port) });
const proxied = new URL(database.url);
proxied.port = String(wire.port);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** PostgreSQL settings for one variant's connections, e.g. AB_PG_OPTIONS_B="-c jit=off". */
function databaseUrlFor(name) {
  const options = process.env[`AB_PG_OPTIONS_${name}`];
  if (!options) return proxied.toString();
  const url = new URL(proxied);
  url.searchParams.set('options', options);
  return url.toString();
}

async function serverFor(name, dist, cache, nodeArgs) {
  const port = await freePort();
  const env = serverEnv({ PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', RATE_LIMITS: 'off', DATABASE_URL: databaseUrlFor(name), DATA_DIR: undefined, REDIS_URL: undefined, SMTP_URL: undefined, READ_CACHE: cache ? undefined : 'off', WEB_BUILD_DIR: path.join(dist, 'web') });
  const server = await startServer({ main: path.join(dist, 'server/apps/server/src/main.js'), cwd: path.dirname(dist), env, port, nodeArgs });
  return server;
}

const variants = [];
for (const [name, dist, nodeArgs] of [['A', distA, argsA], ['B', distB, argsB]]) {
  const on = await serverFor(name, dist, true, nodeArgs);
  const off = await serverFor(name, dist, false, nodeArgs);
  const reader = new GraphqlClient(on.baseUrl, 1);
  await reader.register(`ab-reader-${name}-${process.pid}`, `AB reader ${name}`);
  const editor = new GraphqlClient(on.baseUrl, 1);
  await editor.register(`ab-editor-${name}-${process.pid}`, `AB editor ${name}`);
  variants.push({ name, on, off, reader, editor });
}
/**
 * CPU nanoseconds of a process tree: every thread's time on a CPU (/proc/<pid>/task/<tid>/schedstat),
 * so libuv's compression threads count, with no 10 ms ticks (single requests can be measured).
 * Processes and threads that end in a window take their time with them (PostgreSQL's pooled
 * backends and the server's threads stay).
 */
function treeNs(root) {
  const times = new Map();
  for (const p of [{ pid: root }, ...descendants(readProcesses(), root)]) {
    try {
      for (const task of readdirSync(`/proc/${p.pid}/task`)) times.set(`${p.pid}/${task}`, Number(readFileSync(`/proc/${p.pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // ended while read
    }
  }
  return times;
}
/** Milliseconds between two readings: threads in both by their difference, new ones whole, ended ones not at all. */
const spent = (before, after) => [...after].reduce((sum, [task, ns]) => sum + ns - (before.get(task) ?? 0), 0) / 1e6;
const readTrees = (server) => ({ server: treeNs(server.pid), postgres: treeNs(postmaster.pid) });
const cpuBetween = (before, after) => {
  const server = spent(before.server, after.server);
  const postgres = spent(before.postgres, after.postgres);
  return { server, postgres, total: server + postgres };
};
const measure = async (server, count, work) => {
  const before = { cpu: readTrees(server), sql: wire.totals() };
  for (let i = 0; i < count; i++) await work(i);
  await sleep(50);
  const cpu = cpuBetween(before.cpu, readTrees(server));
  const sql = wire.totals();
  return { cpu: cpu.total / count, server: cpu.server / count, postgres: cpu.postgres / count, statements: (sql.statements - before.sql.statements) / count };
};
const get = (url, headers) =>
  new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url} answered ${res.statusCode}`))));
      })
      .on('error', reject);
  });

let editBody;
let revision;
let pageFields;
async function currentRevision(client) {
  const res = await client.request(`query($slug: String!) { page(slug: $slug) { title tags currentRevision { id body } } }`, { slug: SLUG });
  const page = res.body.data.page;
  return { ...page.currentRevision, title: page.title, tags: page.tags };
}
const PATHS = {
  cached: (v) => measure(v.on, requests, () => get(v.on.baseUrl + PAGE, HEADERS)),
  uncached: (v) => measure(v.off, requests, () => get(v.off.baseUrl + PAGE, HEADERS)),
  history: (v) => measure(v.off, requests, () => get(`${v.off.baseUrl}${PAGE}/history`, HEADERS)),
  signedIn: (v) => measure(v.on, requests, () => get(v.on.baseUrl + PAGE, { ...HEADERS, cookie: v.reader.cookie })),
  // A save, then the first anonymous view of the page just changed: measured apart, one of each at a time.
  edit: async (v) => {
    const count = Math.max(10, Math.round(requests / 10));
    const save = { cpu: 0, server: 0, postgres: 0, statements: 0 };
    const view = { ...save };
    for (let i = 0; i < count; i++) {
      if (!revision) {
        const current = await currentRevision(v.editor);
        revision = current.id;
        editBody = current.body.trimEnd();
        pageFields = { title: current.title, tags: [current.tags.join(', ')] };
      }
      const input = { slug: SLUG, baseRevisionId: revision, body: `${editBody}\n\nA/B edit ${v.name} ${i} ${Date.now()}.\n`, summary: 'A/B edit', ...pageFields, idempotencyKey: `${process.pid}-${v.name}-${Date.now()}-${i}` };
      let saved;
      const s = await measure(v.on, 1, async () => {
        saved = await v.editor.request(SAVE_PAGE, { input });
      });
      if (saved.body?.data?.savePage?.outcome !== 'Saved') throw new Error(`save failed: ${saved.text.slice(0, 300)}`);
      revision = saved.body.data.savePage.revision.id;
      const w = await measure(v.on, 1, () => get(v.on.baseUrl + PAGE, HEADERS));
      for (const key of Object.keys(save)) {
        save[key] += s[key] / count;
        view[key] += w[key] / count;
      }
    }
    return { save, view };
  },
};

const results = {}; // path → variant → [figures]
const record = (key, name, figure) => ((results[key] ??= { A: [], B: [] })[name].push(figure));
try {
  // Warm-up: JIT, caches, connection pools.
  for (const v of variants) for (const key of wanted.filter((k) => k !== 'edit')) await PATHS[key]({ ...v }).catch((error) => console.log(`warm-up ${key}: ${error.message}`));
  for (let round = 1; round <= rounds; round++) {
    for (const key of wanted) {
      for (const v of round % 2 ? variants : [...variants].reverse()) {
        const figure = await PATHS[key](v);
        if (key === 'edit') {
          record('save', v.name, figure.save);
          record('afterChange', v.name, figure.view);
        } else record(key, v.name, figure);
      }
    }
    console.log(`round ${round}/${rounds} done, load average ${os.loadavg()[0].toFixed(2)}`);
  }
} finally {
  for (const v of variants) {
    v.reader.close();
    v.editor.close();
    await v.on.stop();
    await v.off.stop();
  }
  agent.destroy();
  await wire.close();
  await database.stop();
  rmSync(folder, { recursive: true, force: true });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\nA = ${distA} ${argsA.join(' ')} ${process.env.AB_PG_OPTIONS_A ?? ''}\nB = ${distB} ${argsB.join(' ')} ${process.env.AB_PG_OPTIONS_B ?? ''}\n${requests} requests per path per round (saves: ${Math.max(10, Math.round(requests / 10))}), ${rounds} rounds, interleaved`);
console.log('path          | A median ms (server+pg) | B median ms (server+pg) | B/A  | stmts A → B | rounds A | rounds B');
for (const [key, by] of Object.entries(results)) {
  const a = median(by.A.map((f) => f.cpu));
  const b = median(by.B.map((f) => f.cpu));
  const part = (list) => `${median(list.map((f) => f.server)).toFixed(2)}+${median(list.map((f) => f.postgres)).toFixed(2)}`;
  console.log(
    `${key.padEnd(13)} | ${a.toFixed(2).padStart(6)} (${part(by.A)}) | ${b.toFixed(2).padStart(6)} (${part(by.B)}) | ${(b / a).toFixed(2)} | ${median(by.A.map((f) => f.statements)).toFixed(1)} → ${median(by.B.map((f) => f.statements)).toFixed(1)} | ${by.A.map((f) => f.cpu.toFixed(1)).join(' ')} | ${by.B.map((f) => f.cpu.toFixed(1)).join(' ')}`,
  );
}
process.exit(0);
