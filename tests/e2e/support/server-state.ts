import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Client } from 'pg';

/** What global set-up started, so that global teardown (same runner process) can stop and remove it. */
export interface E2eServerState {
  child?: ChildProcess;
  logFile?: string;
  /** Set when the tests use a throw-away database on the DATABASE_URL server. */
  database?: { adminUrl: string; name: string };
  /** Set when the server runs its embedded PostgreSQL in a temporary folder. */
  dataDir?: string;
  exitCode?: number | null;
  exitSignal?: NodeJS.Signals | null;
}

const KEY = Symbol.for('commonplace.e2e.server');

export function serverState(): E2eServerState {
  const holder = globalThis as unknown as Record<symbol, E2eServerState | undefined>;
  holder[KEY] ??= {};
  return holder[KEY]!;
}

export function clearServerState(): void {
  delete (globalThis as unknown as Record<symbol, unknown>)[KEY];
}

/** Resolves once the child has exited (at once if it already has). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * SIGTERM the server and wait for it (it stops its embedded PostgreSQL first); SIGKILL it if it
 * takes longer than `graceMs`. Returns a description of a bad exit, or undefined for a clean one.
 */
export async function stopServer(state: E2eServerState, graceMs = 20_000): Promise<string | undefined> {
  const child = state.child;
  if (!child) return undefined;
  const alreadyExited = child.exitCode !== null || child.signalCode !== null;
  if (!alreadyExited) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, graceMs))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
      return `the server did not exit within ${graceMs / 1000} s of SIGTERM and was killed`;
    }
  }
  state.child = undefined;
  if (alreadyExited) return `the server had already exited (code ${child.exitCode}, signal ${child.signalCode}) before teardown`;
  if (child.exitCode !== 0) return `the server exited with code ${child.exitCode} (signal ${child.signalCode}) on SIGTERM instead of 0`;
  return undefined;
}

/** Drop the throw-away database and remove the temporary data folder, whichever was made. */
export async function removeStorage(state: E2eServerState): Promise<void> {
  if (state.database) {
    const { adminUrl, name } = state.database;
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    } finally {
      await client.end().catch(() => undefined);
    }
    state.database = undefined;
  }
  if (state.dataDir) {
    rmSync(state.dataDir, { recursive: true, force: true, maxRetries: 3 });
    state.dataDir = undefined;
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
