#!/usr/bin/env node
// Benchmark of the GraphQL `search` query over a wiki of 10,000 generated pages (each with a
// revision of 150–450 words), 1,000 threads and 3,000 replies: starts the built server on a fresh
// database, inserts the data straight into PostgreSQL, then loads `search` with autocannon over
// loopback and reports req/s, latency p50/p99 and the server process's CPU time per request
// (the database's own CPU is not included). Goal: p50 ≤ 10 ms.
//
//   npx nx run load:bench-search             (builds first; embedded PostgreSQL in a temporary folder)
//   DATABASE_URL=postgres://… node tests/load/search-bench.mjs   (a fresh database on that server, dropped afterwards)
//   BENCH_DURATION=5 BENCH_PAGES=10000        (the defaults; seconds per autocannon run)
//   BENCH_KEEP_DATABASE=1                     (with DATABASE_URL: keep the database, to study its queries)
//
// Helpers are copied from bench.mjs (which runs itself when imported), kept minimal.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuMs, freePort, waitUntilReady, withClient } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(root, 'dist/server/apps/server/src/main.js');
const duration = Number(process.env.BENCH_DURATION ?? 5);
const pageCount = Number(process.env.BENCH_PAGES ?? 10_000);
const THREADS = Math.round(pageCount / 10);
const REPLIES = THREADS * 3;

const SEARCH_QUERY = `query Search($q: String!, $kind: SearchKind, $area: String, $after: String) {
  search(query: $q, kind: $kind, areaSlug: $area, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { kind title url snippet areaTitle } }
  }
}`;

/** What people search for, from very common words to rare ones, prefixes, phrases and operators. */
const QUERIES = [
  { name: 'common word', q: 'care' },
  { name: 'mid-frequency word', q: 'procurement' },
  { name: 'less common word', q: 'telemetry' },
  { name: 'rare word', q: 'baselen' },
  { name: 'two words', q: 'clinical governance' },
  { name: 'title prefix', q: 'emer' },
  { name: 'phrase', q: '"patient safety"' },
  { name: 'exclusion', q: 'records -paper' },
  { name: 'no match', q: 'xylophone' },
];

// A vocabulary for text that behaves like the wiki's: word frequencies follow Zipf's law, so a
// few words are in most pages and most words in few.
const VOCABULARY = `care patient clinical staff service change system data health record information team nurse
doctor hospital trust local national project need process management practice people support work
user benefit technology programme system design quality safety risk evidence training community
primary secondary social organisation leadership board strategy policy budget cost funding outcome
improvement review report meeting plan implementation adoption deployment supplier contract
procurement governance standard interoperability integration network software hardware interface
workflow pathway referral discharge admission appointment prescription medication laboratory
radiology imaging diagnosis treatment therapy assessment monitoring telemetry telehealth telecare
mobile remote digital electronic paper records access consent privacy security confidentiality
identity authentication audit compliance regulation inspection commissioner provider partner
stakeholder clinician manager analyst informatician engineer developer trainer researcher
academic student volunteer carer family patient safety incident learning feedback survey
engagement consultation workshop pilot trial evaluation benchmark metric target indicator dashboard
capacity demand waiting emergency urgent elective outpatient inpatient ward theatre clinic surgery
pharmacy dental optometry mental maternity paediatric elderly disability chronic condition
prevention screening vaccination population public wellbeing equality inclusion accessibility
communication collaboration culture behaviour attitude resistance motivation ownership trust
transparency accountability responsibility decision evidence knowledge sharing lessons experience
innovation research methodology sociotechnical complexity emergent adaptive flexible iterative
agile incremental phased rollout migration legacy upgrade maintenance outage downtime resilience
continuity backup recovery archive retention coding terminology classification taxonomy ontology`
  .split(/\s+/)
  .filter(Boolean);
// Real text has a long tail of rare words (names, places, jargon): made-up words, after the real ones.
const SYLLABLES = 'ba ce di fo gu ka le mi no pu ra se ti vo wu xa ze ly qui tro'.split(' ');
for (let i = 0; VOCABULARY.length < 6000; i++) {
  VOCABULARY.push(SYLLABLES[i % 20] + SYLLABLES[Math.floor(i / 20) % 20] + SYLLABLES[Math.floor(i / 400) % 20] + 'n');
}
const FILLER = 'the of and to in a for is that on with as be by this are it at from or an which their'.split(' ');

/** Deterministic, so every run inserts the same wiki. */
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20081114);
const cumulative = [];
VOCABULARY.reduce((sum, _, index) => (cumulative[index] = sum + 1 / (index + 1)), 0);
function word() {
  const target = random() * cumulative[cumulative.length - 1];
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] < target) low = middle + 1;
    else high = middle;
  }
  return VOCABULARY[low];
}
const between = (min, max) => min + Math.floor(random() * (max - min + 1));
function sentence() {
  const words = Array.from({ length: between(6, 16) }, () => (random() < 0.4 ? FILLER[between(0, FILLER.length - 1)] : word()));
  return words[0][0].toUpperCase() + words.join(' ').slice(1) + '.';
}
function text(minWords, maxWords) {
  const paragraphs = [];
  let words = 0;
  const target = between(minWords, maxWords);
  while (words < target) {
    const paragraph = Array.from({ length: between(2, 5) }, sentence).join(' ');
    words += paragraph.split(' ').length;
    paragraphs.push(random() < 0.15 ? `## ${title()}\n\n${paragraph}` : paragraph);
  }
  return paragraphs.join('\n\n');
}
function title() {
  const words = Array.from({ length: between(2, 5) }, word).join(' ');
  return words[0].toUpperCase() + words.slice(1);
}

/** The embedded PostgreSQL's address: its port from postmaster.pid, its credentials from the server's data folder. */
function embeddedDatabaseUrl(dataDir) {
  const port = readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    .trim();
  const { user, password } = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8'));
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/commonplace`;
}

/** Inserts the generated wiki in batches; the pages' search vectors are kept by their trigger. */
async function insertWiki(client) {
  const started = performance.now();
  const { rows: users } = await client.query(`SELECT id FROM users ORDER BY id`);
  const { rows: areas } = await client.query(`SELECT id FROM areas ORDER BY position`);
  const batch = 1000;
  const pageIds = [];
  for (let start = 0; start < pageCount; start += batch) {
    const slugs = [];
    const titles = [];
    const areaIds = [];
    const bodies = [];
    const authors = [];
    for (let i = start; i < Math.min(start + batch, pageCount); i++) {
      const pageTitle = `${title()} ${i}`;
      slugs.push(`bench-${i}`);
      titles.push(pageTitle);
      areaIds.push(random() < 0.3 ? areas[between(0, areas.length - 1)].id : null);
      bodies.push(text(150, 450));
      authors.push(users[between(0, users.length - 1)].id);
    }
    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO pages (slug, title, area_id) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) RETURNING id`,
      [slugs, titles, areaIds],
    );
    const ids = rows.map((row) => row.id);
    await client.query(
      `WITH inserted AS (
         INSERT INTO revisions (page_id, body, author_id) SELECT * FROM unnest($1::int[], $2::text[], $3::int[]) RETURNING id, page_id
       )
       UPDATE pages SET current_revision_id = inserted.id FROM inserted WHERE pages.id = inserted.page_id`,
      [ids, bodies, authors],
    );
    await client.query('COMMIT');
    pageIds.push(...ids);
  }
  const threadPages = Array.from({ length: THREADS }, () => pageIds[between(0, pageIds.length - 1)]);
  const { rows: threads } = await client.query(
    `INSERT INTO threads (page_id, subject, body, starter_id) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[]) RETURNING id`,
    [
      threadPages,
      threadPages.map(() => sentence().slice(0, -1)),
      threadPages.map(() => text(40, 160)),
      threadPages.map(() => users[between(0, users.length - 1)].id),
    ],
  );
  const replyThreads = Array.from({ length: REPLIES }, () => threads[between(0, threads.length - 1)].id);
  await client.query(`INSERT INTO replies (thread_id, body, author_id) SELECT * FROM unnest($1::int[], $2::text[], $3::int[])`, [
    replyThreads,
    replyThreads.map(() => text(15, 90)),
    replyThreads.map(() => users[between(0, users.length - 1)].id),
  ]);
  // As autovacuum would soon after: statistics, and the visibility map for the bitmap scans.
  await client.query('VACUUM (ANALYZE)');
  const { rows: size } = await client.query(
    `SELECT count(*)::int AS pages, pg_size_pretty(sum(length(body))) AS text FROM pages JOIN revisions r ON r.id = current_revision_id`,
  );
  console.log(
    `Inserted ${pageCount} pages, ${THREADS} threads and ${REPLIES} replies in ${((performance.now() - started) / 1000).toFixed(1)} s (${size[0].pages} pages in all, ${size[0].text} of page text)`,
  );
}

async function main_() {
  if (!existsSync(main)) throw new Error(`${main} is missing: build the server and web client first ("npx nx run load:bench-search" does).`);
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    RATE_LIMITS: 'off',
  };
  let cleanup = async () => {};
  let databaseUrl = () => env.DATABASE_URL;
  if (process.env.DATABASE_URL) {
    const name = `commonplace_search_bench_${process.pid}`;
    await withClient(process.env.DATABASE_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = () =>
      process.env.BENCH_KEEP_DATABASE
        ? console.log(`Kept database ${name} (BENCH_KEEP_DATABASE); drop it when done.`)
        : withClient(process.env.DATABASE_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'commonplace-search-bench-'));
    chmodSync(dir, 0o755);
    env.DATA_DIR = path.join(dir, 'data');
    delete env.DATABASE_URL;
    databaseUrl = () => embeddedDatabaseUrl(env.DATA_DIR);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `Commonplace search benchmark: ${duration} s per run, database: ${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded'}, Node ${process.version}, ${os.cpus().length} cores`,
  );
  const server = spawn(process.execPath, [main], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, server);
    await withClient(databaseUrl(), insertWiki);
    await bench(baseUrl, server.pid);
  } finally {
    server.kill('SIGTERM');
    await exited;
    await cleanup();
  }
}

const searchBody = (q) => JSON.stringify({ query: SEARCH_QUERY, variables: { q } });

async function bench(baseUrl, pid) {
  const url = `${baseUrl}/graphql`;
  const headers = { 'content-type': 'application/json' };
  const post = async (q) => {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: searchBody(q),
    });
    const body = await response.json();
    if (response.status !== 200 || body.errors) throw new Error(`search for ${q}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body.data.search;
  };

  // One query at a time: each kind of query's own latency, without queueing behind others.
  // Other work on the machine skews every figure below; say how busy it was.
  console.log(`\nLoad average before measuring: ${os.loadavg().map((load) => load.toFixed(1)).join(', ')} (${os.cpus().length} cores)`);
  console.log('\n== one at a time, 30 searches each (after 5 to warm up)');
  for (const { name, q } of QUERIES) {
    for (let i = 0; i < 5; i++) await post(q);
    const latencies = [];
    let total = 0;
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      total = (await post(q)).totalCount;
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `${`${name} (${q})`.padEnd(42)} ${String(total).padStart(6)} results   p50 ${latencies[15].toFixed(1).padStart(6)} ms   max ${latencies[29].toFixed(1).padStart(6)} ms`,
    );
  }

  // The mix under load: every request picks the next query of the list.
  for (const connections of [1, 8]) {
    let next = 0;
    const requests = [
      {
        method: 'POST',
        headers,
        setupRequest: (request) => ({
          ...request,
          body: searchBody(QUERIES[next++ % QUERIES.length].q),
        }),
      },
    ];
    await autocannon({ url, connections, duration: 1, requests });
    const before = cpuMs(pid);
    const result = await autocannon({ url, connections, duration, requests });
    const cpu = cpuMs(pid) - before;
    const count = result.requests.total;
    const failures = result.errors + result.timeouts + result.non2xx;
    console.log(
      [
        `\n== POST /graphql search, the ${QUERIES.length} queries in turn, ${connections} connection${connections === 1 ? '' : 's'}, ${duration} s`,
        `  requests: ${count} (${failures} failed)`,
        `  req/s: ${result.requests.average.toFixed(0)}`,
        `  latency p50: ${result.latency.p50} ms, p99: ${result.latency.p99} ms`,
        `  server CPU per request: ${(cpu / count).toFixed(2)} ms`,
      ].join('\n'),
    );
    if (failures > 0) process.exitCode = 1;
  }
}

main_().catch((error) => {
  console.error(error);
  process.exit(1);
});
