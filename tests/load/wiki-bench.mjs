#!/usr/bin/env node
// Benchmark of wiki editing and comparing: starts the built server on a fresh database, signs in as
// a newly registered person and measures, over loopback only:
//   1. savePage on a ~1,000-word page, each edit changing a few words and based on the revision the
//      previous save returned: one at a time on one connection (latency and server CPU per edit;
//      goal ≤ 10 ms CPU), then BENCH_CONNECTIONS people at once, each on a page of their own (req/s);
//   2. compareRevisions of two 5,000-word revisions that differ in ~5% of the words, spread over the
//      text: over HTTP one at a time (goal ≤ 20 ms CPU per request) and with autocannon (req/s), and
//      the pure functions in this process (diffWordParts + countWords, from the server's build).
// Reports req/s, latency p50/p99 and the server process's CPU milliseconds per operation (from
// /proc/<pid>/stat; the database's own CPU is not included). Every save's outcome is checked.
//
//   npx nx run load:bench-wiki               (builds first; embedded PostgreSQL in a temporary folder)
//   DATABASE_URL=postgres://… node tests/load/wiki-bench.mjs   (a fresh database on that server, dropped afterwards)
//   BENCH_DURATION=10 BENCH_EDITS=1000 BENCH_COMPARES=1000 BENCH_CONNECTIONS=8   (the defaults: each
//   run stops after BENCH_DURATION seconds or its count, whichever comes first; the autocannon run
//   after BENCH_DURATION seconds, the in-process ones after at most 5 s)
//   BENCH_ONLY=edits | BENCH_ONLY=compare    (just one half, e.g. to profile it)
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   (extra node options for the server)
//
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { benchDatabase, cpuGoal, cpuMs, Failures, freePort, GraphqlClient, mutationProblem, percentile, positive, Results, serverEnv, startServer } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(root, 'dist/server/apps/server/src/main.js');
const wordDiffBuild = path.join(root, 'dist/server/libs/word-diff/src/index.js');
const duration = positive('BENCH_DURATION', 10);
const maxEdits = positive('BENCH_EDITS', 1000);
const maxCompares = positive('BENCH_COMPARES', 1000);
const connections = positive('BENCH_CONNECTIONS', 8);
const only = process.env.BENCH_ONLY ?? ''; // 'edits' or 'compare' runs just that half (e.g. to profile it)
if (!['', 'edits', 'compare'].includes(only)) throw new Error(`BENCH_ONLY must be "edits" or "compare", not "${only}"`);
const WARM_UP = 20;
const EDIT_PAGE_WORDS = 1000;
const COMPARE_PAGE_WORDS = 5000;
const WORDS_PER_EDIT = 3;

const SAVE_PAGE = `mutation($input: SavePageInput!) { savePage(input: $input) { outcome revision { id } errors { code } } }`;
const CREATE_PAGE = `mutation($input: CreatePageInput!) { createPage(input: $input) { outcome page { slug } revision { id } errors { code } } }`;
const COMPARE = `query($from: Int!, $to: Int!) { compareRevisions(from: $from, to: $to) { wordsAdded wordsRemoved parts { kind text } } }`;

// ---------------------------------------------------------------------------------------------
// Generated prose: a fixed sequence of words from a vocabulary, shaped into sentences and
// paragraphs at fixed positions, so an edit replaces words without moving the structure.

const VOCABULARY = `care patient clinical staff service change system data health record information team nurse
doctor hospital trust local national project need process management practice people support work
user benefit technology programme design quality safety risk evidence training community primary
secondary social organisation leadership board strategy policy budget cost funding outcome
improvement review report meeting plan implementation adoption deployment supplier contract
procurement governance standard interoperability integration network software hardware interface
workflow pathway referral discharge admission appointment prescription medication laboratory
radiology imaging diagnosis treatment therapy assessment monitoring telemetry telehealth telecare
mobile remote digital electronic paper records access consent privacy security confidentiality
identity authentication audit compliance regulation inspection commissioner provider partner
stakeholder clinician manager analyst informatician engineer developer trainer researcher the a of
and to in for with on by from that this which when where how why what each every some many few
often rarely usually always never sometimes quickly slowly carefully clearly better worse early late
new old small large simple complex shared common local regional weekly daily monthly annual`
  .split(/\s+/)
  .filter(Boolean);

/** A small deterministic generator (mulberry32), so runs are comparable. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Prose {
  constructor(wordCount, seed) {
    this.next = random(seed);
    this.words = Array.from({ length: wordCount }, () => this.pick());
    this.sentenceEnds = new Set();
    this.paragraphEnds = new Set();
    let i = -1;
    let sentencesInParagraph = 0;
    while (i < wordCount - 1) {
      i = Math.min(wordCount - 1, i + 8 + Math.floor(this.next() * 13)); // sentences of 8–20 words
      this.sentenceEnds.add(i);
      if (++sentencesInParagraph >= 4 + Math.floor(this.next() * 3)) {
        this.paragraphEnds.add(i);
        sentencesInParagraph = 0;
      }
    }
    this.paragraphEnds.add(wordCount - 1);
  }

  pick() {
    return VOCABULARY[Math.floor(this.next() * VOCABULARY.length)];
  }

  /** Replaces the word at `index` with a different one. */
  change(index) {
    const old = this.words[index];
    let word = old;
    while (word === old) word = this.pick();
    this.words[index] = word;
  }

  /** A copy whose words can be changed without changing this one. */
  clone() {
    const copy = Object.create(Prose.prototype);
    Object.assign(copy, this, { words: [...this.words] });
    return copy;
  }

  text() {
    let out = '';
    let sentenceStart = true;
    for (let i = 0; i < this.words.length; i++) {
      const word = this.words[i];
      out += sentenceStart ? word[0].toUpperCase() + word.slice(1) : word;
      sentenceStart = this.sentenceEnds.has(i);
      if (this.paragraphEnds.has(i)) out += '.\n\n';
      else out += sentenceStart ? '. ' : ' ';
    }
    return out.trimEnd() + '\n';
  }
}

/** GraphQL with the one thing this benchmark adds: creating a page. */
class Client extends GraphqlClient {
  async createPage(title, body) {
    const res = await this.request(CREATE_PAGE, { input: { title, body, summary: 'Benchmark page' } });
    const payload = res.body?.data?.createPage;
    if (res.status !== 200 || res.body?.errors || payload?.outcome !== 'Saved') throw new Error(`createPage failed: ${res.status} ${res.text.slice(0, 300)}`);
    return { slug: payload.page.slug, revisionId: payload.revision.id };
  }
}

/** What went wrong with a save, or null when it saved a new revision. */
const saveProblem = (res) => mutationProblem(res, 'savePage', (payload) => payload.outcome === 'Saved' && payload.revision);

// ---------------------------------------------------------------------------------------------
// Measuring

const results = new Results();

/**
 * Edits `page` (with its Prose) `limit` times or until `deadline`, each edit based on the revision
 * the previous one saved. Latencies go to `latencies`; problems to `failures`.
 */
async function editLoop(client, page, prose, limit, deadline, latencies, failures) {
  let done = 0;
  let consecutiveFailures = 0;
  while (done < limit && performance.now() < deadline && consecutiveFailures < 10) {
    const next = prose.clone();
    for (let k = 0; k < WORDS_PER_EDIT; k++) next.change(Math.floor(next.next() * next.words.length));
    const res = await client.request(SAVE_PAGE, {
      input: { slug: page.slug, baseRevisionId: page.revisionId, body: next.text(), summary: `Benchmark edit ${done + 1}` },
    });
    done++;
    latencies.push(res.ms);
    const problem = saveProblem(res);
    if (problem) {
      failures.add(problem);
      consecutiveFailures++;
      continue;
    }
    consecutiveFailures = 0;
    page.revisionId = res.body.data.savePage.revision.id;
    prose.words = next.words;
  }
  return done;
}

async function benchEdits(client, pid) {
  console.log(`\n== savePage on a ${EDIT_PAGE_WORDS.toLocaleString('en')}-word page, ${WORDS_PER_EDIT} words changed per edit`);

  // One person, one connection, one edit after another.
  const prose = new Prose(EDIT_PAGE_WORDS, 1);
  const page = await client.createPage('Wiki bench editing', prose.text());
  const warmUp = new Failures();
  await editLoop(client, page, prose, WARM_UP, Infinity, [], warmUp);
  if (warmUp.count > 0) throw new Error(`savePage fails before measuring: ${warmUp.examples.join('; ')}`);
  {
    const latencies = [];
    const failures = new Failures();
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    const count = await editLoop(client, page, prose, maxEdits, started + duration * 1000, latencies, failures);
    const seconds = (performance.now() - started) / 1000;
    const cpu = (cpuMs(pid) - cpuBefore) / count;
    latencies.sort((a, b) => a - b);
    results.report({ name: 'savePage, sequential (1 connection)', count, failures, rate: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu, goal: cpuGoal(10) });
  }

  // N people at once, each on a page of their own (so saves never merge or conflict).
  const workers = [];
  for (let w = 0; w < connections; w++) {
    const workerProse = new Prose(EDIT_PAGE_WORDS, 100 + w);
    workers.push({ prose: workerProse, page: await client.createPage(`Wiki bench editing ${w + 1}`, workerProse.text()) });
  }
  const pool = new Client(client.baseUrl, connections);
  pool.cookie = client.cookie;
  try {
    const warm = new Failures();
    await Promise.all(workers.map((worker) => editLoop(pool, worker.page, worker.prose, 5, Infinity, [], warm)));
    if (warm.count > 0) throw new Error(`concurrent savePage fails before measuring: ${warm.examples.join('; ')}`);
    const latencies = [];
    const failures = new Failures();
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    const deadline = started + duration * 1000;
    const counts = await Promise.all(workers.map((worker) => editLoop(pool, worker.page, worker.prose, maxEdits, deadline, latencies, failures)));
    const seconds = (performance.now() - started) / 1000;
    const count = counts.reduce((a, b) => a + b, 0);
    const cpu = (cpuMs(pid) - cpuBefore) / count;
    latencies.sort((a, b) => a - b);
    results.report({ name: `savePage, ${connections} connection${connections === 1 ? '' : 's'} (page each)`, count, failures, rate: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu, goal: cpuGoal(10) });
  } finally {
    pool.close();
  }
}

async function benchCompare(client, pid) {
  console.log(`\n== compareRevisions of two ${COMPARE_PAGE_WORDS.toLocaleString('en')}-word revisions, ~5% of the words changed`);
  const before = new Prose(COMPARE_PAGE_WORDS, 2);
  const after = before.clone();
  // One word in every 20, at a random place in each run of 20: spread over the whole text.
  for (let start = 0; start < after.words.length; start += 20) after.change(start + Math.floor(after.next() * Math.min(20, after.words.length - start)));
  const beforeText = before.text();
  const afterText = after.text();
  const page = await client.createPage('Wiki bench comparing', beforeText);
  const from = page.revisionId;
  const saved = await client.request(SAVE_PAGE, { input: { slug: page.slug, baseRevisionId: from, body: afterText, summary: 'Changed one word in twenty' } });
  const problem = saveProblem(saved);
  if (problem) throw new Error(`saving the 5,000-word revision failed: ${problem}`);
  const to = saved.body.data.savePage.revision.id;
  const variables = { from, to };

  const check = await client.request(COMPARE, variables);
  const comparison = check.body?.data?.compareRevisions;
  if (check.status !== 200 || check.body?.errors || !comparison) throw new Error(`compareRevisions failed: ${check.status} ${check.text.slice(0, 300)}`);
  console.log(
    `  ${Buffer.byteLength(beforeText)} → ${Buffer.byteLength(afterText)} bytes; +${comparison.wordsAdded} −${comparison.wordsRemoved} words, ` +
      `${comparison.parts.length} parts, response ${(Buffer.byteLength(check.text) / 1024).toFixed(0)} KB`,
  );
  if (comparison.wordsAdded < COMPARE_PAGE_WORDS / 40 || comparison.wordsRemoved < COMPARE_PAGE_WORDS / 40) {
    throw new Error(`the comparison found too few changes: ${JSON.stringify({ wordsAdded: comparison.wordsAdded, wordsRemoved: comparison.wordsRemoved })}`);
  }
  const isExpected = (res) => (res.status === 200 && res.text === check.text ? null : `HTTP ${res.status}: ${res.text.slice(0, 200)}`);

  // One request at a time on one connection: latency and CPU per comparison.
  for (let i = 0; i < WARM_UP; i++) await client.request(COMPARE, variables);
  {
    const latencies = [];
    const failures = new Failures();
    const cpuBefore = cpuMs(pid);
    const started = performance.now();
    const deadline = started + duration * 1000;
    let count = 0;
    while (count < maxCompares && performance.now() < deadline) {
      const res = await client.request(COMPARE, variables);
      count++;
      latencies.push(res.ms);
      const wrong = isExpected(res);
      if (wrong) failures.add(wrong);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = (cpuMs(pid) - cpuBefore) / count;
    latencies.sort((a, b) => a - b);
    results.report({ name: 'compareRevisions over HTTP, sequential', count, failures, rate: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu, goal: cpuGoal(20) });
  }

  // Throughput with autocannon; every response must be the same comparison.
  {
    const options = {
      url: `${client.baseUrl}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: client.baseUrl },
      body: JSON.stringify({ query: COMPARE, variables }),
      expectBody: check.text,
      connections,
    };
    await autocannon({ ...options, amount: connections * 4 });
    const cpuBefore = cpuMs(pid);
    const result = await autocannon({ ...options, duration });
    const count = result.requests.total;
    const cpu = (cpuMs(pid) - cpuBefore) / count;
    const failures = new Failures();
    // autocannon counts timeouts among errors, and responses unlike `expectBody` as mismatches.
    failures.count = result.errors + result.non2xx + result.mismatches;
    if (failures.count > 0) failures.examples.push(`autocannon: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx, ${result.mismatches} unexpected bodies`);
    results.report({ name: `compareRevisions over HTTP, ${connections} connection${connections === 1 ? '' : 's'}`, count, failures, rate: count / (result.duration || duration), p50: result.latency.p50, p99: result.latency.p99, cpu, goal: cpuGoal(20) });
  }

  // The pure functions, in this process, from the server's build.
  {
    const { diffWordParts, countWords, countWordChanges } = createRequire(import.meta.url)(wordDiffBuild);
    const compare = () => {
      const parts = diffWordParts(beforeText, afterText);
      let added = 0;
      let removed = 0;
      for (const part of parts) {
        if (part.kind === 'added') added += countWords(part.text);
        else if (part.kind === 'removed') removed += countWords(part.text);
      }
      return { added, removed };
    };
    const result = compare();
    if (result.added !== comparison.wordsAdded || result.removed !== comparison.wordsRemoved) {
      throw new Error(`in-process comparison differs from the server's: ${JSON.stringify(result)} vs ${comparison.wordsAdded}/${comparison.wordsRemoved}`);
    }
    // The word counting savePage does for each edit, on the 1,000-word page.
    const editBefore = new Prose(EDIT_PAGE_WORDS, 3);
    const editAfter = editBefore.clone();
    for (let k = 0; k < WORDS_PER_EDIT; k++) editAfter.change(Math.floor(editAfter.next() * editAfter.words.length));
    const editBeforeText = editBefore.text();
    const editAfterText = editAfter.text();
    const inProcess = [
      { name: 'diffWordParts + countWords, in-process (5,000 words)', run: compare, goal: cpuGoal(20) },
      { name: 'diffWordParts only, in-process (5,000 words)', run: () => diffWordParts(beforeText, afterText) },
      { name: 'countWords only, in-process (5,000 words)', run: () => countWords(afterText) },
      { name: 'countWordChanges, in-process (1,000-word edit)', run: () => countWordChanges(editBeforeText, editAfterText) },
    ];
    for (const item of inProcess) {
      for (let i = 0; i < 5; i++) item.run();
      const latencies = [];
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const deadline = started + Math.min(duration, 5) * 1000;
      while (latencies.length < maxCompares && performance.now() < deadline) {
        const t = performance.now();
        item.run();
        latencies.push(performance.now() - t);
      }
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpuBefore);
      latencies.sort((a, b) => a - b);
      results.report({
        name: item.name,
        count: latencies.length,
        rate: latencies.length / seconds,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        cpu: (used.user + used.system) / 1000 / latencies.length,
        cpuLabel: 'this process CPU',
        goal: item.goal,
      });
    }
  }
}

async function main_() {
  for (const file of [main, wordDiffBuild]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npx nx run server:build && npx nx run web:build" first (npx nx run load:bench-wiki does).`);
  }
  const port = await freePort();
  const database = await benchDatabase('wikibench');
  const env = serverEnv({ ...database.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', RATE_LIMITS: 'off' });
  const cleanup = database.cleanup;
  const header =
    `Commonplace wiki editing benchmark — ${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}, load average ${os.loadavg()[0].toFixed(1)}), ` +
    `database: ${database.description}; up to ${duration} s per run, ${connections} connection${connections === 1 ? '' : 's'} for the concurrent runs`;
  console.log(header);
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  let server;
  let client;
  try {
    server = await startServer({ main, cwd: root, env, port, nodeArgs });
    client = new Client(server.baseUrl, 1);
    await client.register('wiki-bench');
    if (only !== 'compare') await benchEdits(client, server.pid);
    if (only !== 'edits') await benchCompare(client, server.pid);
    results.print(header, "CPU is the server process's (from /proc/<pid>/stat, 10 ms ticks), not the database's; * = this process's CPU (the pure function, no HTTP).");
  } finally {
    client?.close();
    await server?.stop();
    await cleanup();
  }
}

main_().catch((error) => {
  console.error(error);
  process.exit(1);
});
