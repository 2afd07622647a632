import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * Private PostgreSQL and Redis servers for fault tests: the machine's own servers are shared with
 * other test runs and must never be stopped, so each fault test starts, stops and freezes its own.
 */

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Resolves once something accepts TCP connections on the port (or rejects after `timeoutMs`). */
export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A PostgreSQL 15 cluster of its own in a temporary folder, run as the `postgres` system user (the
 * server refuses to run as root) with trust authentication on 127.0.0.1:`port`.
 */
export class PrivatePostgres {
  readonly url: string;
  private readonly root: string;
  private readonly dataDir: string;

  private constructor(readonly port: number) {
    this.root = mkdtempSync(path.join(os.tmpdir(), 'commonplace-faults-pg-'));
    chmodSync(this.root, 0o755);
    const { uid, gid } = postgresUser();
    chownSync(this.root, uid, gid);
    this.dataDir = path.join(this.root, 'data');
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  static async create(port: number): Promise<PrivatePostgres> {
    const server = new PrivatePostgres(port);
    await asPostgres(`${PG_BIN}/initdb`, ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.dataDir, '-o', options, '-l', path.join(this.root, 'log'), '-w', '-t', '30', 'start']);
  }

  /** A fast shutdown: PostgreSQL ends every session (clients see "terminating connection due to administrator command"). */
  async stop(): Promise<void> {
    await asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
  }

  async destroy(): Promise<void> {
    if (existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      await asPostgres(`${PG_BIN}/pg_ctl`, ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('there is no postgres system user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function asPostgres(command: string, args: string[]): Promise<void> {
  try {
    await run('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: os.tmpdir(), timeout: 60_000 });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${path.basename(command)} failed: ${failure.message}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
  }
}

/** A Redis of its own, in memory only (nothing saved), on 127.0.0.1:`port`. */
export class PrivateRedis {
  readonly url: string;
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await waitForPort(this.port);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
