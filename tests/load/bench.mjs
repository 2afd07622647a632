#!/usr/bin/env node
// Benchmark of the page view and the GraphQL page query: starts the built server, loads each with
// autocannon, and reports req/s, latency p50/p99 and the server process's CPU time per request.
//
//   npm run bench                      (embedded PostgreSQL in a temporary folder)
//   DATABASE_URL=postgres://… npm run bench   (a fresh database on that server, dropped afterwards)
//   BENCH_DURATION=20 BENCH_CONNECTIONS=16    (the defaults)
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuMs, freePort, waitUntilReady, withClient } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(root, 'dist/server/apps/server/src/main.js');
const duration = Number(process.env.BENCH_DURATION ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

const PAGE_QUERY = `query WikiPage($slug: String!) {
  page(slug: $slug) {
    id slug title featured tags
    parts { kind html }
    recommendationAreas { id slug title description recommendations { id text stars { id reason createdAt user { username displayName } } } }
    latestChange { kind note createdAt recommendationCount actor { username displayName } revision { wordsAdded wordsRemoved } }
    threads(limit: 3) { totalCount threads { id subject replyCount lastPostAt starter { username displayName } lastPostBy { username displayName } } }
  }
}`;

async function main_() {
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npx nx run-many -t build" first (npm run bench does).`);
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', RATE_LIMITS: 'off' };
  let cleanup = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `commonplace_bench_${process.pid}`;
    await withClient(process.env.DATABASE_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = () => withClient(process.env.DATABASE_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'commonplace-bench-'));
    chmodSync(dir, 0o755);
    env.DATA_DIR = path.join(dir, 'data');
    delete env.DATABASE_URL;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }

  console.log(`Commonplace benchmark: ${connections} connections, ${duration} s per run, database: ${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded'}, Node ${process.version}, ${os.cpus().length} cores`);
  try {
    // Page views normally come from the read cache (until data changes); the second pass measures
    // the full work of every request, as after each change.
    for (const mode of [{ label: 'read cache on (default)', env: {} }, { label: 'read cache off (READ_CACHE=off)', env: { READ_CACHE: 'off' } }]) {
      console.log(`\n== ${mode.label}`);
      await benchServer({ ...env, ...mode.env }, port);
    }
  } finally {
    await cleanup();
  }
}

async function benchServer(env, port) {
  const server = spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, server);
    const runs = [
      { name: 'GET /wiki/emerging-issues (server-rendered page)', url: `${baseUrl}/wiki/emerging-issues`, method: 'GET', expect: 'Realistic mechanism' },
      {
        name: 'POST /graphql (page query)',
        url: `${baseUrl}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PAGE_QUERY, variables: { slug: 'emerging-issues' } }),
        expect: '"title":"Emerging issues"',
      },
    ];
    for (const run of runs) {
      // Check the response is right before measuring it, and warm up.
      const check = await fetch(run.url, { method: run.method, headers: run.headers, body: run.body });
      const text = await check.text();
      if (check.status !== 200 || !text.includes(run.expect)) throw new Error(`${run.name}: unexpected response ${check.status}: ${text.slice(0, 300)}`);
      await autocannon({ url: run.url, method: run.method, headers: run.headers, body: run.body, connections, duration: 2 });

      const before = cpuMs(server.pid);
      const result = await autocannon({ url: run.url, method: run.method, headers: run.headers, body: run.body, connections, duration });
      const cpu = cpuMs(server.pid) - before;
      const requests = result.requests.total;
      const failures = result.errors + result.timeouts + result.non2xx;
      console.log(
        [
          run.name,
          `  requests: ${requests} (${failures} failed)`,
          `  req/s: ${result.requests.average.toFixed(0)}`,
          `  latency p50: ${result.latency.p50} ms, p99: ${result.latency.p99} ms`,
          `  server CPU per request: ${(cpu / requests).toFixed(2)} ms`,
        ].join('\n'),
      );
      if (failures > 0) process.exitCode = 1;
    }
    if (env.READ_CACHE !== 'off') await benchSignIn(baseUrl, server.pid);
  } finally {
    server.kill('SIGTERM');
    await exited;
  }
}

/**
 * Sign-in: argon2id is meant to cost 50–150 ms of CPU. One person signs in repeatedly (the server
 * runs with RATE_LIMITS=off for the benchmark), one request at a time so the figure is per sign-in.
 */
async function benchSignIn(baseUrl, pid) {
  const gql = (query, variables) =>
    fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());
  const input = { username: 'bench-person', displayName: 'Bench person', password: 'a long benchmark passphrase' };
  await gql('mutation($i: RegisterInput!) { register(input: $i) { errors { code } } }', { i: input });
  const signIn = () => gql('mutation($i: SignInInput!) { signIn(input: $i) { errors { code } } }', { i: { username: input.username, password: input.password } });
  await signIn();
  const rounds = 40;
  const latencies = [];
  const before = cpuMs(pid);
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const result = await signIn();
    latencies.push(performance.now() - started);
    if (result.errors || result.data.signIn.errors.length > 0) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
  }
  const cpu = (cpuMs(pid) - before) / rounds;
  latencies.sort((a, b) => a - b);
  console.log(
    [
      'POST /graphql signIn (one at a time)',
      `  sign-ins: ${rounds}`,
      `  latency p50: ${latencies[Math.floor(rounds / 2)].toFixed(0)} ms, p99: ${latencies[rounds - 1].toFixed(0)} ms`,
      `  server CPU per sign-in: ${cpu.toFixed(1)} ms`,
    ].join('\n'),
  );
}

main_().catch((error) => {
  console.error(error);
  process.exit(1);
});
