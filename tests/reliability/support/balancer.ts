import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { liveClient, type LiveClient } from '../../../apps/server/src/realtime/live-socket.testing';
import { ROOT, startServer, stopServer, waitUntilReady, type ServerProcess } from '../../process/server-process';

/** The shipped example: the test runs this very file, with its addresses, port and paths replaced. */
export const NGINX_EXAMPLE = path.join(ROOT, 'docker/nginx.conf');
export const NGINX = '/usr/sbin/nginx';

/** The line that makes /socket.io sticky; `withoutStickiness` drops it to show what it is for. */
const STICKY_LINE = /^[ \t]*hash \$remote_addr consistent;\n/m;

export interface BalancerOptions {
  /** The processes' ports, in the order nginx lists them. */
  upstreamPorts: number[];
  listenPort: number;
  /** A folder of nginx's own: logs, temporary files, the pid file. */
  dir: string;
  /** Round-robin /socket.io like the pages, as a balancer set up without sticky sessions would. */
  withoutStickiness?: boolean;
}

/**
 * docker/nginx.conf with this machine's processes and folders: each upstream lists `upstreamPorts`,
 * nginx listens on 127.0.0.1:`listenPort`, and logs and temporary files go to `dir` (the compiled-in
 * /var/lib/nginx is root's, and the test must also run as anyone else).
 */
export function nginxConfig(options: BalancerOptions): string {
  let config = readFileSync(NGINX_EXAMPLE, 'utf8');
  const upstreams = config.match(/^[ \t]*upstream \w+ \{[^}]*\}/gm) ?? [];
  if (upstreams.length === 0) throw new Error(`${NGINX_EXAMPLE} has no upstream block`);
  for (const upstream of upstreams) {
    // The first `server` line becomes this machine's list; the example's other ones go.
    let first = true;
    const replaced = upstream.replace(/^([ \t]*)server [^;]+;\n/gm, (_line, indent: string) => {
      if (!first) return '';
      first = false;
      return options.upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port};\n`).join('');
    });
    if (first) throw new Error(`an upstream in ${NGINX_EXAMPLE} lists no server`);
    config = config.replace(upstream, replaced);
  }
  const substitutions: [RegExp, string][] = [
    [/^(\s*)listen [^;]+;/m, `$1listen 127.0.0.1:${options.listenPort};`],
    [/^(\s*)error_log [^;\s]+/m, `$1error_log ${path.join(options.dir, 'error.log')}`],
    [/^(\s*)access_log [^;\s]+/m, `$1access_log ${path.join(options.dir, 'access.log')}`],
  ];
  for (const [pattern, replacement] of substitutions) {
    if (!pattern.test(config)) throw new Error(`${NGINX_EXAMPLE} no longer matches ${pattern}`);
    config = config.replace(pattern, replacement);
  }
  const temporary = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(options.dir, kind)};`).join('\n');
  config = config.replace(/^http \{\n/m, `http {\n${temporary}\n`);
  if (options.withoutStickiness) {
    if (!STICKY_LINE.test(config)) throw new Error(`${NGINX_EXAMPLE} no longer has its sticky line`);
    config = config.replace(STICKY_LINE, '');
  }
  return config;
}

export interface Balancer {
  url: string;
  child: ChildProcess;
  /** What nginx printed, and its error log. */
  output(): string;
  stop(): Promise<void>;
}

/** nginx in the foreground with a config generated from the shipped example. */
export async function startBalancer(options: Omit<BalancerOptions, 'dir'>): Promise<Balancer> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx (.ci/run does).`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'commonplace-nginx-'));
  // As root, nginx's workers run as `nobody` and must reach the temporary folders nginx makes here.
  chmodSync(dir, 0o755);
  const configFile = path.join(dir, 'nginx.conf');
  writeFileSync(configFile, nginxConfig({ ...options, dir }));
  const child = spawn(NGINX, ['-c', configFile, '-p', dir, '-e', path.join(dir, 'error.log'), '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')};`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk) => (printed += chunk));
  child.stderr!.on('data', (chunk) => (printed += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const output = () => {
    const log = path.join(dir, 'error.log');
    return `${printed}${existsSync(log) ? readFileSync(log, 'utf8') : ''}`;
  };
  const balancer: Balancer = {
    url: `http://127.0.0.1:${options.listenPort}`,
    child,
    output,
    async stop() {
      // SIGQUIT: nginx's graceful stop (SIGTERM is its fast one; either ends the workers too).
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(options.listenPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await balancer.stop().catch(() => undefined);
      throw new Error(`nginx did not start:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return balancer;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Cluster {
  servers: ServerProcess[];
  urls: string[];
  stop(): Promise<void>;
}

/**
 * Several built server processes on one database and one Redis stream, each behind one proxy
 * (TRUST_PROXY=1). The first starts alone, so it migrates and seeds the empty database; the
 * others then start together (the start-up lock would also make them take turns).
 */
export async function startCluster(ports: number[], env: Record<string, string | undefined>): Promise<Cluster> {
  const servers: ServerProcess[] = [];
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const cluster: Cluster = {
    servers,
    urls,
    async stop() {
      await Promise.all(servers.map((server) => stopServer(server)));
    },
  };
  // Jest sets NODE_ENV=test for itself; the processes run as `npm start` does, in production.
  const start = (port: number) => startServer({ NODE_ENV: undefined, TRUST_PROXY: '1', ...env, PORT: String(port) });
  try {
    servers.push(start(ports[0]));
    await waitUntilReady(servers[0], urls[0], 120_000);
    for (const port of ports.slice(1)) servers.push(start(port));
    await Promise.all(servers.slice(1).map((server, index) => waitUntilReady(server, urls[index + 1], 120_000)));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

/** A new, empty database on the DATABASE_URL server, named for this suite; `drop` removes it. */
export async function reliabilityDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import('pg');
  const name = `reliability_lb_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A Redis stream of this run's own, so other runs on the same Redis never hear its events. */
export function streamName(): string {
  return `commonplace-reliability-lb:${randomBytes(4).toString('hex')}`;
}

export async function deleteStream(redisUrl: string, name: string): Promise<void> {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  await redis.del(name);
  await redis.quit();
}

export interface GraphqlAnswer<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  setCookie: string[];
}

/** POSTs to /graphql as this site's own pages would (JSON, same origin), optionally as someone. */
export async function graphqlAt<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlAnswer<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = text.startsWith('{') ? (JSON.parse(text) as { data?: T; errors?: GraphqlAnswer<T>['errors'] }) : {};
  return { status: response.status, ...body, setCookie: response.headers.getSetCookie() };
}

/**
 * graphqlAt from another local address (any of 127.0.0.0/8 reaches this machine): a second reader
 * on another computer, as far as nginx can tell. fetch cannot choose its source address.
 */
export function graphqlFrom<T>(localAddress: string, baseUrl: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseUrl}/graphql`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json', origin: baseUrl, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const parsed = text.startsWith('{') ? (JSON.parse(text) as { data?: T; errors?: GraphqlAnswer<T>['errors'] }) : {};
          const setCookie = response.headers['set-cookie'] ?? [];
          resolve({ status: response.statusCode ?? 0, ...parsed, setCookie });
        });
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

/** The `name=value` of the session cookie a response set. */
export function sessionCookie(setCookie: string[]): string {
  const found = setCookie.find((cookie) => cookie.startsWith('commonplace_session='));
  if (!found) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  return found.split(';')[0];
}

export type Transport = 'websocket' | 'polling';

/** A socket.io viewer, recording the events it hears. */
export type Viewer = LiveClient;

/**
 * Connects as a page of `baseUrl` would: its Origin, over the given transports (`['polling']`
 * never upgrades; the web client uses socket.io's default, polling then WebSocket).
 */
export function connectViewer(baseUrl: string, transports: Transport[] = ['polling', 'websocket'], options: { reconnection?: boolean } = {}): Promise<Viewer> {
  return liveClient(baseUrl, { origin: baseUrl, transports, reconnection: options.reconnection, timeoutMs: 10_000 });
}
