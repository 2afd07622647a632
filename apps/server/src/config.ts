import { existsSync } from 'node:fs';
import path from 'node:path';

/** Everything the server reads from its environment, parsed once. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
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
  const root = workspaceRoot();
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    production: env.NODE_ENV === 'production',
    webBuildDir: path.resolve(env.WEB_BUILD_DIR || path.join(root, 'dist', 'web')),
  };
}

/** A start-up failure a person can act on: printed as one line, then the process exits non-zero. */
export class StartupError extends Error {}

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
