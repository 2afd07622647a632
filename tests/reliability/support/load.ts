import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';

/** The machine's PostgreSQL (DATABASE_URL), where each reliability test makes its own database. */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** RELIABILITY_FULL=1 (npm run reliability): the full-length runs; otherwise the short ones CI can afford. */
export const FULL = process.env.RELIABILITY_FULL === '1';
export const RESULTS_DIR = path.resolve(__dirname, '..', 'results');

export interface TestDatabase {
  url: string;
  name: string;
  /** Runs SQL on it (for setting up and reading back, never instead of the site). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A new empty database `<prefix>_<random>`: the server migrates and seeds it when it starts. */
export async function createDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let client: Client | null = null;
  return {
    url: url.toString(),
    name,
    async query<T>(sql: string, params: unknown[] = []) {
      if (!client) {
        client = new Client({ connectionString: url.toString() });
        await client.connect();
      }
      return (await client.query(sql, params)).rows as T[];
    },
    async drop() {
      await client?.end();
      const again = new Client({ connectionString: ADMIN_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    },
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/**
 * One person's browser: its own address on the loopback network (127.0.0.0/8 is all this machine,
 * so each person can come from an address of their own, as people on the internet do, and
 * per-address limits apply to each as they would), its own keep-alive connections, and its cookies.
 */
export class Browser {
  readonly agent: http.Agent;
  readonly cookies = new Map<string, string>();
  /** Requests sent again because a kept-alive connection was closed under them (see `request`). */
  resent = 0;
  private readonly origin: string;

  constructor(
    readonly baseUrl: string,
    readonly address: string,
    maxSockets = 4,
    /** Off where the test itself sends again and counts it (the crash test). */
    private readonly resendOnClosedConnection = true,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, localAddress: address } as http.AgentOptions);
    this.origin = new URL(baseUrl).origin;
  }

  get csrfToken(): string | undefined {
    return this.cookies.get('commonplace_csrf');
  }

  request(method: string, pathname: string, body?: string, contentType?: string, timeoutMs = 30_000, started = performance.now(), extraHeaders: http.OutgoingHttpHeaders = {}): Promise<Answer> {
    const url = new URL(pathname, this.baseUrl);
    const headers: http.OutgoingHttpHeaders = { accept: 'text/html,application/json', ...extraHeaders };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) {
      headers['content-type'] = contentType;
      headers['content-length'] = Buffer.byteLength(body);
      headers.origin = this.origin; // as a browser sends on every POST
    }
    return new Promise((resolve, reject) => {
      let answered = false;
      const request = http.request(url, { method, headers, agent: this.agent }, (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          for (const line of response.headers['set-cookie'] ?? []) {
            const [pair, ...attributes] = line.split(';');
            const at = pair.indexOf('=');
            const name = pair.slice(0, at).trim();
            const value = pair.slice(at + 1).trim();
            const expired = attributes.some((attribute) => /^\s*max-age=0\b|^\s*expires=thu, 01 jan 1970/i.test(attribute));
            if (expired || value === '') this.cookies.delete(name);
            else this.cookies.set(name, value);
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
        });
      });
      // No answer at all within the time counts as a failure: the caller decides whether to retry.
      request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) => {
        // The server may close an idle kept-alive connection just as a request goes out on it; the
        // request then never reached it. Browsers send such a request again on a new connection,
        // once, and so does this (as Node's documentation of `reusedSocket` advises); it is counted.
        if (this.resendOnClosedConnection && request.reusedSocket && error.code === 'ECONNRESET' && !answered) {
          this.resent++;
          resolve(this.request(method, pathname, body, contentType, timeoutMs, started, extraHeaders));
        } else reject(error);
      });
      request.end(body);
    });
  }

  get(pathname: string): Promise<Answer> {
    return this.request('GET', pathname);
  }

  /** A no-JavaScript form post, with the form token a browser would have from the page. */
  postForm(pathname: string, fields: Record<string, string>): Promise<Answer> {
    return this.request('POST', pathname, new URLSearchParams({ _csrf: this.csrfToken ?? '', ...fields }).toString(), 'application/x-www-form-urlencoded');
  }

  /** A GraphQL request as the site's scripts send it; throws on a GraphQL error (none is expected here). */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ answer: Answer; data: T }> {
    const answer = await this.request('POST', '/graphql', JSON.stringify({ query, variables }), 'application/json');
    let parsed: { data?: T; errors?: unknown[] };
    try {
      parsed = JSON.parse(answer.body) as { data?: T; errors?: unknown[] };
    } catch {
      throw new GraphqlFailure(answer, `not JSON (${answer.status}): ${answer.body.slice(0, 200)}`);
    }
    if (answer.status !== 200 || parsed.errors?.length || !parsed.data) throw new GraphqlFailure(answer, JSON.stringify(parsed.errors ?? parsed).slice(0, 500));
    return { answer, data: parsed.data };
  }

  close(): void {
    this.agent.destroy();
  }
}

export class GraphqlFailure extends Error {
  constructor(
    readonly answer: Answer,
    message: string,
  ) {
    super(message);
  }
}

/** The value of a hidden form field in server-rendered HTML. */
export function hiddenField(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag ? decodeHtml(/value="([^"]*)"/.exec(tag)?.[1] ?? '') : undefined;
}

/** A textarea's text in server-rendered HTML (React escapes &, <, >, " and '). */
export function textareaText(html: string, name: string): string | undefined {
  const match = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return match ? decodeHtml(match[1]).replace(/^\n/, '') : undefined;
}

function decodeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Latencies per kind of request, and every failure with what it was. */
export class Measurements {
  private readonly samples = new Map<string, number[]>();
  readonly failures: { kind: string; what: string }[] = [];
  private started = performance.now();
  private ended: number | null = null;

  start(): void {
    this.started = performance.now();
  }

  stop(): void {
    this.ended = performance.now();
  }

  record(kind: string, ms: number): void {
    const list = this.samples.get(kind) ?? [];
    list.push(ms);
    this.samples.set(kind, list);
  }

  fail(kind: string, what: string): void {
    this.failures.push({ kind, what });
  }

  summary() {
    const seconds = ((this.ended ?? performance.now()) - this.started) / 1000;
    const kinds: Record<string, { requests: number; perSecond: number; p50: number; p95: number; p99: number; max: number }> = {};
    let total = 0;
    for (const [kind, list] of [...this.samples].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...list].sort((a, b) => a - b);
      total += sorted.length;
      kinds[kind] = {
        requests: sorted.length,
        perSecond: round(sorted.length / seconds),
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1] ?? 0),
      };
    }
    const all = [...this.samples.values()].flat().sort((a, b) => a - b);
    return {
      seconds: round(seconds),
      requests: total,
      perSecond: round(total / seconds),
      p50: round(percentile(all, 50)),
      p95: round(percentile(all, 95)),
      p99: round(percentile(all, 99)),
      errors: this.failures.length,
      kinds,
    };
  }
}

/** Nearest-rank percentile of sorted milliseconds. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Prints a table of the figures and writes them, with what was run, to results/<name>.json. */
export function report(name: string, figures: Record<string, unknown> & { kinds?: Record<string, Record<string, number>> }): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);
  const { kinds, ...rest } = figures;
  console.log(`${name}: ${JSON.stringify(rest)}`);
  if (kinds) console.table(kinds);
}

/** Runs `workers` loops at once until `until()` says stop; each loop awaits one step at a time. */
export async function runLoops(workers: number, until: () => boolean, step: (worker: number) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (!until()) await step(worker);
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
