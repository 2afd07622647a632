import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the embedded database goes when the server runs as root, DATA_DIR is unset, and the
 * default `./data` lies inside a folder the `postgres` system user cannot enter (a clone in /root).
 * ROOT_DATA_HOME overrides it (the process tests use a temporary folder).
 */
export const ROOT_DATA_HOME = '/var/lib/commonplace';

/** Everything the server reads from its environment, parsed once. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Set when the data folder is not the default `./data` because root's embedded PostgreSQL could not reach it: one line saying where. */
  dataDirNote: string | undefined;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  production: boolean;
  /** Where the built web client (React Router's server and client bundles) lives. */
  webBuildDir: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartupError(`PORT must be a whole number from 0 to 65535, not "${env.PORT}".`);
  }
  // "true" would trust every hop, so anyone could name their own address in X-Forwarded-For and
  // get a fresh rate-limit budget with each request.
  if (env.TRUST_PROXY === 'true') {
    throw new StartupError('TRUST_PROXY=true would trust any X-Forwarded-For a client sends. Give the number of proxies in front of Commonplace (e.g. TRUST_PROXY=1) or their addresses (e.g. TRUST_PROXY=10.0.0.2,10.0.0.3).');
  }
  inboundEmailProblem(env);
  const root = workspaceRoot();
  const { dataDir, note: dataDirNote } = chooseDataDir(env, process.getuid?.() === 0);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir,
    dataDirNote,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    production: env.NODE_ENV === 'production',
    webBuildDir: path.resolve(env.WEB_BUILD_DIR || path.join(root, 'dist', 'web')),
  };
}

/**
 * DATA_DIR when set (an explicit folder that cannot work stops start-up with a clear line, in
 * embedded-postgres.ts); otherwise `./data`, unless the server runs as root and `./data` lies inside
 * a folder others cannot enter: the embedded PostgreSQL runs as the `postgres` system user, who
 * could not reach it. Then the data goes to `ROOT_DATA_HOME/<clone folder>-<hash of its path>`,
 * one folder per clone so two clones never share a database, and the same one on every start.
 */
export function chooseDataDir(env: NodeJS.ProcessEnv, root: boolean): { dataDir: string; note: string | undefined } {
  const fallback = path.resolve(env.DATA_DIR || './data');
  if (env.DATA_DIR || !root) return { dataDir: fallback, note: undefined };
  const closed = closedFolderAbove(fallback);
  if (!closed) return { dataDir: fallback, note: undefined };
  const clone = path.dirname(fallback);
  const name = `${path.basename(clone).replace(/[^A-Za-z0-9._-]/g, '_') || 'commonplace'}-${createHash('sha256').update(clone).digest('hex').slice(0, 8)}`;
  const dataDir = path.join(path.resolve(env.ROOT_DATA_HOME || ROOT_DATA_HOME), name);
  return {
    dataDir,
    note: `Running as root: the embedded PostgreSQL's "postgres" user cannot enter ${closed.dir} (mode ${closed.mode.toString(8)}), so the data folder is ${dataDir} (kept there across restarts; set DATA_DIR to choose another).`,
  };
}

/** The first existing folder on the way to `dir` (itself included) that others may not enter, if any. */
export function closedFolderAbove(dir: string): { dir: string; mode: number } | undefined {
  let found: { dir: string; mode: number } | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    let mode: number | undefined;
    try {
      mode = statSync(current).mode & 0o777;
    } catch {
      // Not made yet: it will be, enterable.
    }
    if (mode !== undefined && (mode & 0o001) === 0) found = { dir: current, mode };
    if (current === path.dirname(current)) return found;
  }
}

/** A start-up failure a person can act on: printed as one line, then the process exits non-zero. */
export class StartupError extends Error {}

/**
 * Replies by email need all of their settings: a listener without a reply domain, a signing secret
 * or outgoing mail (for the emails back) would take messages it cannot answer.
 */
function inboundEmailProblem(env: NodeJS.ProcessEnv): void {
  if (env.REPLY_SECRET && env.REPLY_SECRET.length < 32) {
    throw new StartupError('REPLY_SECRET must be at least 32 characters of random text (e.g. the output of `openssl rand -hex 32`).');
  }
  if (env.INBOUND_SMTP_PORT === undefined || env.INBOUND_SMTP_PORT === '') return;
  const port = Number(env.INBOUND_SMTP_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StartupError(`INBOUND_SMTP_PORT must be a whole number from 0 to 65535, not "${env.INBOUND_SMTP_PORT}".`);
  }
  const missing = ['REPLY_DOMAIN', 'REPLY_SECRET', 'SMTP_URL'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new StartupError(`INBOUND_SMTP_PORT is set, so replies by email are taken, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not: set ${missing.length === 1 ? 'it' : 'them'} too (see "Replies by email" in the README).`);
  }
}

/** The repository root (the folder holding nx.json), found from wherever this file was compiled to. */
export function workspaceRoot(start = __dirname): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
