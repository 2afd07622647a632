import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { Client } from 'pg';
import { quoteIdentifier, removeStorage, serverState, stopServer } from './support/server-state';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_MAIN = path.join(ROOT, 'dist', 'server', 'apps', 'server', 'src', 'main.js');
const WEB_SERVER_BUILD = path.join(ROOT, 'dist', 'web', 'server', 'index.js');
const WEB_CLIENT_BUILD = path.join(ROOT, 'dist', 'web', 'client', 'assets');
const CHROMIUM = '/usr/bin/chromium';
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the built Commonplace server on E2E_PORT (default 3999) against a database of its own:
 * a fresh `commonplace_e2e_<random>` database when DATABASE_URL is set, otherwise the embedded
 * PostgreSQL in a fresh temporary DATA_DIR. Sets E2E_BASE_URL for the tests.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const missing = [SERVER_MAIN, WEB_SERVER_BUILD, WEB_CLIENT_BUILD].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `Commonplace is not built: ${missing.map((file) => path.relative(ROOT, file)).join(', ')} missing.\n` +
        'Build it with "npx nx run server:build && npx nx run web:build", or run the tests with "npx nx run e2e:test", which builds first.',
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install it with "apt-get update && apt-get install -y chromium".`);
  }

  const port = Number(process.env.E2E_PORT || '3999');
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`E2E_PORT must be a port number, not "${process.env.E2E_PORT}".`);
  await assertPortFree(port);

  const outputDir = config.projects[0]?.outputDir ?? path.join(__dirname, 'test-results');
  mkdirSync(outputDir, { recursive: true });
  const logFile = path.join(outputDir, 'server.log');

  const state = serverState();
  state.logFile = logFile;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, NODE_ENV: process.env.NODE_ENV || 'production' };
  delete env.DATA_DIR;
  delete env.DATABASE_URL;
  let databaseDescription: string;

  if (process.env.DATABASE_URL) {
    const adminUrl = process.env.DATABASE_URL;
    const name = `commonplace_e2e_${randomBytes(6).toString('hex')}`;
    await createDatabase(adminUrl, name);
    state.database = { adminUrl, name };
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    databaseDescription = `database ${name} on the DATABASE_URL server`;
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'commonplace-e2e-'));
    // As root, the embedded PostgreSQL runs as the `postgres` system user, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
    state.dataDir = dataDir;
    env.DATA_DIR = dataDir;
    databaseDescription = `embedded PostgreSQL in ${dataDir}`;
  }

  // The server writes straight to the log file, so its output survives even if this runner dies.
  const logFd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [SERVER_MAIN], { cwd: ROOT, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  state.child = child;
  child.once('exit', (code, signal) => {
    state.exitCode = code;
    state.exitSignal = signal;
  });
  // If the runner exits without teardown (e.g. it crashes), still ask the server to stop.
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  const baseUrl = `http://${HOST}:${port}`;
  const failure = await waitUntilReady(baseUrl, child);
  if (failure) {
    await stopServer(state, 10_000).catch(() => undefined);
    await removeStorage(state).catch(() => undefined);
    throw new Error(
      `The Commonplace server did not become ready at ${baseUrl} (${databaseDescription}): ${failure}.\n` +
        `Server output (full log: ${path.relative(ROOT, logFile)}):\n${tail(logFile, 60)}`,
    );
  }
  process.env.E2E_BASE_URL = baseUrl;
  console.log(`[e2e] Commonplace server ready at ${baseUrl} (${databaseDescription}); log: ${path.relative(ROOT, logFile)}`);
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to DATABASE_URL to create the test database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fails early if something already listens on the port, so the tests cannot talk to the wrong server. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${HOST} is already in use. Stop whatever is using it, or choose another port with E2E_PORT=<port>.`
            : `Cannot listen on ${HOST}:${port}: ${error.message}`,
        ),
      );
    });
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

/** Polls /readyz until it answers 200; returns why it did not, or undefined when ready. */
async function waitUntilReady(baseUrl: string, child: ReturnType<typeof spawn>): Promise<string | undefined> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return `the server exited early (code ${child.exitCode}, signal ${child.signalCode})`;
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return undefined;
      lastProblem = `GET /readyz answered ${response.status}`;
    } catch (error) {
      lastProblem = `GET /readyz failed: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return `GET /readyz was not 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${lastProblem})`;
}

function tail(file: string, lines: number): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text ? text.split('\n').slice(-lines).join('\n') : '(no output)';
  } catch {
    return '(no log file)';
  }
}
