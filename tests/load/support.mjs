// What every benchmark here needs: a free port, the server process's CPU time, a PostgreSQL
// client for one piece of work, and waiting until the started server is ready.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system) of a process so far, in milliseconds, from /proc. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Runs `work` with a connected client, and always disconnects it. */
export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Resolves once /readyz answers 200; rejects if the server exits or is not ready within 60 s. */
export async function waitUntilReady(baseUrl, server) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server was not ready within 60 s');
}

/** A positive number from the environment, or `fallback`. */
export function positive(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${process.env[name]}"`);
  return value;
}

/** The p-th percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** How many operations failed, and the first few reasons. */
export class Failures {
  constructor() {
    this.count = 0;
    this.examples = [];
  }
  add(what) {
    this.count++;
    if (this.examples.length < 5) this.examples.push(what);
  }
}

/**
 * A database of the benchmark's own: a fresh one on the DATABASE_URL server when it is set
 * (dropped by `cleanup`), otherwise the embedded PostgreSQL in a temporary folder. `env` is what
 * the server's environment needs; `url()` (only with DATABASE_URL) connects to it.
 */
export async function benchDatabase(label) {
  if (process.env.DATABASE_URL) {
    const name = `commonplace_${label}_${process.pid}`;
    await withClient(process.env.DATABASE_URL, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const version = await withClient(url.toString(), (client) => client.query('SHOW server_version')).then((r) => r.rows[0].server_version);
    return {
      env: { DATABASE_URL: url.toString(), DATA_DIR: undefined },
      description: `PostgreSQL ${version} at ${url.host} (DATABASE_URL), database ${name}`,
      cleanup: () =>
        process.env.BENCH_KEEP_DATABASE
          ? console.log(`Kept database ${name} (BENCH_KEEP_DATABASE); drop it when done.`)
          : withClient(process.env.DATABASE_URL, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `commonplace-${label}-`));
  // As root, the embedded PostgreSQL runs as the `postgres` system user, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  return {
    env: { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: undefined },
    description: `embedded PostgreSQL in ${dir}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment for a server process: `process.env` with `changes` applied (undefined removes). */
export function serverEnv(changes) {
  const env = { ...process.env };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * GraphQL over node:http with a keep-alive agent, so "one connection" and "N connections" are
 * exact. `request` resolves to { status, headers, body (parsed, or null), text, ms } and never rejects.
 */
export class GraphqlClient {
  constructor(baseUrl, sockets) {
    this.baseUrl = baseUrl;
    this.url = new URL('/graphql', baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
    this.cookie = '';
  }

  request(query, variables) {
    const payload = JSON.stringify({ query, variables });
    const headers = { 'content-type': 'application/json', origin: this.baseUrl, 'content-length': Buffer.byteLength(payload) };
    if (this.cookie) headers.cookie = this.cookie;
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request(this.url, { method: 'POST', agent: this.agent, headers, timeout: 30_000 }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          let body = null;
          try {
            body = JSON.parse(text);
          } catch {
            // reported as a failure by the caller
          }
          resolve({ status: res.statusCode, headers: res.headers, body, text, ms });
        });
        res.on('error', (error) => resolve({ status: 0, body: null, text: String(error), ms: performance.now() - started }));
      });
      req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
      req.on('error', (error) => resolve({ status: 0, body: null, text: String(error), ms: performance.now() - started }));
      req.end(payload);
    });
  }

  /** Registers `username` and keeps its session cookie for later requests. */
  async register(username, displayName = 'Benchmark person') {
    const input = { username, displayName, password: 'a long benchmark passphrase for this run' };
    const res = await this.request('mutation($input: RegisterInput!) { register(input: $input) { errors { code message } } }', { input });
    if (res.status !== 200 || res.body?.errors || res.body?.data?.register?.errors?.length) throw new Error(`register failed: ${res.status} ${res.text.slice(0, 300)}`);
    const cookies = [res.headers['set-cookie'] ?? []].flat().map((cookie) => cookie.split(';')[0]);
    if (!cookies.some((cookie) => cookie.startsWith('commonplace_session='))) throw new Error(`register set no session cookie: ${JSON.stringify(res.headers['set-cookie'])}`);
    this.cookie = cookies.join('; ');
    const viewer = await this.request('{ viewer { username } }');
    if (viewer.body?.data?.viewer?.username !== username) throw new Error(`not signed in after register: ${viewer.text.slice(0, 300)}`);
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * The rows a benchmark measured: `report` prints each as it comes (and fails the run when any
 * operation failed), `print` prints them all as one table. A row: { name, count, unit?, failures?,
 * rate? (per second), p50, p99 (ms), cpu? (ms per operation), cpuLabel?, goal?: { label, met(row) } }.
 */
export class Results {
  constructor() {
    this.rows = [];
  }

  report(row) {
    this.rows.push(row);
    const failed = row.failures?.count ?? 0;
    console.log(
      `  ${row.name}: ${row.count} ${row.unit ?? 'ops'}, ${failed} failed, ${row.rate === undefined ? '' : `${row.rate.toFixed(0)}/s, `}p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms` +
        (row.cpu === undefined ? '' : `, ${row.cpuLabel ?? 'server CPU'} ${row.cpu.toFixed(2)} ms/op`),
    );
    for (const example of row.failures?.examples ?? []) console.log(`    failure: ${example}`);
    if (failed > 0) process.exitCode = 1;
  }

  print(header, footnote) {
    const head = ['run', 'measured', 'failed', 'per s', 'p50 ms', 'p99 ms', 'CPU ms/op', 'goal'];
    const body = this.rows.map((row) => [
      row.name,
      `${row.count} ${row.unit ?? 'ops'}`,
      row.failures ? String(row.failures.count) : '-',
      row.rate === undefined ? '' : row.rate.toFixed(0),
      row.p50.toFixed(2),
      row.p99.toFixed(2),
      row.cpu === undefined ? '' : row.cpu.toFixed(2) + (row.cpuLabel ? '*' : ''),
      row.goal ? `${row.goal.label} ${row.goal.met(row) ? 'met' : 'MISSED'}` : '',
    ]);
    const widths = head.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
    const line = (cells) => cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
    console.log(`\n${header}`);
    console.log(line(head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const cells of body) console.log(line(cells));
    console.log(footnote ?? "CPU is the server process's (from /proc/<pid>/stat, 10 ms ticks), not the database's.");
  }
}

/** A goal on server CPU per operation: "≤ 10 ms CPU". */
export const cpuGoal = (ms) => ({ label: `≤ ${ms} ms CPU`, met: (row) => row.cpu <= ms });

/** What went wrong with a GraphQL mutation's answer, or null when `ok(payload)` says it did what was asked. */
export function mutationProblem(res, name, ok = (payload) => !payload.errors?.length) {
  if (res.status !== 200) return `HTTP ${res.status}: ${res.text.slice(0, 200)}`;
  if (res.body?.errors) return `GraphQL errors: ${JSON.stringify(res.body.errors).slice(0, 200)}`;
  const payload = res.body?.data?.[name];
  if (!payload || !ok(payload)) return `${name} answered ${JSON.stringify(payload).slice(0, 200)}`;
  return null;
}

/**
 * Starts the built server (`main`) with `env` on `port` and waits until it is ready; `stop()` ends
 * it (SIGTERM, then SIGKILL after 15 s). `nodeArgs` are extra node options, e.g. --cpu-prof.
 */
export async function startServer({ main, cwd, env, port, nodeArgs = [] }) {
  const server = spawn(process.execPath, [...nodeArgs, main], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  };
  try {
    await waitUntilReady(baseUrl, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, pid: server.pid, stop };
}
