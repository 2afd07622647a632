import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const MAIN = path.join(ROOT, 'dist/server/apps/server/src/main.js');

export interface ServerProcess {
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** A data folder the embedded PostgreSQL's system user can enter (mkdtemp makes 0700 folders). */
export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'commonplace-process-'));
  chmodSync(dir, 0o755);
  return path.join(dir, 'data');
}

/** Starts the built server; `where` runs another copy of it (its main.js, from its own folder). */
export function startServer(env: Record<string, string | undefined>, where: { cwd: string; main: string } = { cwd: ROOT, main: MAIN }): ServerProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx nx run server:build).`);
  // Jest sets NODE_ENV=test, which a spawned server would inherit and so log nothing (the logger is
  // silent under Jest); these tests read its log as an operator would, so it logs at `info`.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info', HOST: '127.0.0.1', ...env };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, [where.main], { cwd: where.cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitUntilReady(server: ServerProcess, baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`the server exited (${server.child.exitCode}):\n${server.output()}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s:\n${server.output()}`);
}

export async function stopServer(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (server.child.exitCode !== null) return server.child.exitCode;
  server.child.kill(signal);
  return server.exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The embedded cluster's port, from the pid file PostgreSQL writes while it runs (line 4). */
export function embeddedPort(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]);
}

export function embeddedUrl(dataDir: string): string {
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as { user: string; password: string };
  return `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${embeddedPort(dataDir)}/commonplace`;
}

export async function graphql<T>(baseUrl: string, query: string): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

let created: { adminUrl: string; name: string } | undefined;

/** A new, empty database on the DATABASE_URL server (the server migrates and seeds it); see dropDatabase. */
export async function freshDatabase(adminUrl: string): Promise<string> {
  const { Client } = await import('pg');
  const name = `commonplace_process_${Math.random().toString(36).slice(2, 10)}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  created = { adminUrl, name };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(): Promise<void> {
  if (!created) return;
  const { Client } = await import('pg');
  const client = new Client({ connectionString: created.adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${created.name}" WITH (FORCE)`);
  await client.end();
}
